//! The executor: checks the inputs, walks the function's ops in order, runs each kernel on a
//! pool of worker threads, rounds each result to its type, frees values after their last use,
//! and returns the operands of `func.return`. [`Prepared`] keeps what runs of one function
//! share (the schedule, the constants' tensors, the worker pool).
//!
//! The walk runs in the pool (one hand-over per run: handing every op to the pool cost about
//! 10 µs each); its logging is done by the caller's thread once the walk is over, so a caller
//! holding a lock of stderr while it calls the interpreter cannot deadlock its logging.

use crate::buffers::Recycler;
use crate::ctx::OpCtx;
use crate::dispatch::kernel_for;
use crate::error::InterpError;
use crate::round::{round_slice, wrap_slice};
use crate::tensor::{checked_numel, Data, Tensor};
use neuron_ir::builtin::ReturnOp;
use neuron_ir::registry::OpDef;
use neuron_ir::{Func, Module, OpId, OpView, Scalar, TensorType, ValueId};
use neuron_nn::ConstantOp;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// Options of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InterpOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
}

/// Runs function `entry` of `m` on `inputs` and returns its results: [`Prepared::new`] then
/// one [`Prepared::run`].
///
/// Inputs must match the function's parameter types exactly (shape and element type).
/// Results are bit-identical for any thread count.
pub fn run_function(
    m: &Module,
    entry: &str,
    inputs: Vec<Tensor>,
    opts: &InterpOptions,
) -> Result<Vec<Tensor>, InterpError> {
    Prepared::new(m, entry)?.run(inputs, opts)
}

/// A function of the `nn` dialect prepared for repeated runs.
///
/// The schedule (op order, last uses) is computed once; each `nn.constant` is converted to a
/// tensor the first time it runs and then shared by every later run (its buffer is reference
/// counted, so a run neither copies nor rebuilds it); the worker pool is kept between runs
/// with the same thread count; the FP32 buffers of values a run no longer uses are kept (up
/// to 64 buffers, 256 MiB) and reused for later results of the same size. Results are the
/// same as [`run_function`]'s, bit for bit. Runs may be made from several threads at once.
pub struct Prepared<'m> {
    program: Program<'m>,
    pool: Mutex<Option<(usize, Arc<rayon::ThreadPool>)>>,
    buffers: Recycler,
}

impl<'m> Prepared<'m> {
    /// Prepares function `entry` of `m` (an error if there is none).
    pub fn new(m: &'m Module, entry: &str) -> Result<Prepared<'m>, InterpError> {
        Ok(Prepared {
            program: Program::new(m, entry, &NnRunner { buffers: None })?,
            pool: Mutex::new(None),
            buffers: Recycler::default(),
        })
    }

    /// Runs the function on `inputs` (which must match its parameter types exactly) and
    /// returns its results, bit-identical for any thread count.
    pub fn run(
        &self,
        inputs: Vec<Tensor>,
        opts: &InterpOptions,
    ) -> Result<Vec<Tensor>, InterpError> {
        let inputs = check_inputs(self.program.f, inputs)?;
        let pool = self.pool(opts.threads)?;
        let runner = NnRunner {
            buffers: Some(&self.buffers),
        };
        Frame::new(&self.program, &pool, &runner).run(inputs)
    }

    /// The worker pool of `threads` threads (0 = one per core), built on first use.
    fn pool(&self, threads: usize) -> Result<Arc<rayon::ThreadPool>, InterpError> {
        let threads = worker_count(threads);
        let mut slot = self.pool.lock().unwrap_or_else(|e| e.into_inner());
        match &*slot {
            Some((n, pool)) if *n == threads => Ok(Arc::clone(pool)),
            _ => {
                let pool = Arc::new(build_pool(threads)?);
                *slot = Some((threads, Arc::clone(&pool)));
                Ok(pool)
            }
        }
    }
}

/// The number of workers for a `threads` option (0 = one per core).
fn worker_count(threads: usize) -> usize {
    match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// A pool of `threads` workers.
fn build_pool(threads: usize) -> Result<rayon::ThreadPool, InterpError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| InterpError::ThreadPool(e.to_string()))
}

/// Executes one op for the executor: the dialect-specific part of a run (which kernels exist,
/// how results are rounded).
pub(crate) trait OpRunner: Sync {
    /// True if the runner executes ops of this kind.
    fn supports(&self, def: &'static OpDef) -> bool;
    /// Runs the op of `cx`, at position `pos` in its function, and builds its result.
    fn run(&self, cx: &OpCtx, pos: usize) -> Result<Tensor, String>;
    /// Takes a value the function no longer uses (by default, drops it).
    fn recycle(&self, t: Tensor) {
        drop(t);
    }
    /// True if ops of this kind (which have no operands) give the same result on every run,
    /// so that it is computed once and shared (by default, none).
    fn is_constant(&self, def: &'static OpDef) -> bool {
        let _ = def;
        false
    }
    /// Where kernels take result buffers from (by default, fresh allocations).
    fn buffers(&self) -> Option<&Recycler> {
        None
    }
}

/// The runner of the `nn` dialect: its kernels, results rounded to nearest even; the buffers
/// of dead values go back to `buffers` (if any) for later results.
struct NnRunner<'r> {
    buffers: Option<&'r Recycler>,
}

impl OpRunner for NnRunner<'_> {
    fn supports(&self, def: &'static OpDef) -> bool {
        kernel_for(def).is_some()
    }

    fn run(&self, cx: &OpCtx, _: usize) -> Result<Tensor, String> {
        let kernel = cx.body.op(cx.op).def().and_then(kernel_for);
        let kernel = kernel.ok_or("is not supported by the interpreter")?;
        kernel(cx).and_then(|values| finish(cx.out, values))
    }

    fn is_constant(&self, def: &'static OpDef) -> bool {
        std::ptr::eq(def, ConstantOp::def())
    }

    fn buffers(&self) -> Option<&Recycler> {
        self.buffers
    }

    fn recycle(&self, t: Tensor) {
        if let (Some(buffers), Data::F32(v)) = (self.buffers, t.data) {
            if let Ok(v) = v.try_into_vec() {
                buffers.put(v);
            }
        }
    }
}

/// Runs function `entry` of `m` on `inputs` with `threads` workers (0 = one per core), each
/// op executed by `runner`.
pub(crate) fn run_with(
    m: &Module,
    entry: &str,
    inputs: Vec<Tensor>,
    threads: usize,
    runner: &dyn OpRunner,
) -> Result<Vec<Tensor>, InterpError> {
    let program = Program::new(m, entry, runner)?;
    let inputs = check_inputs(program.f, inputs)?;
    let pool = build_pool(worker_count(threads))?;
    Frame::new(&program, &pool, runner).run(inputs)
}

/// Checks inputs against the parameter types, and re-rounds their values to their types.
fn check_inputs(f: &Func, mut inputs: Vec<Tensor>) -> Result<Vec<Tensor>, InterpError> {
    let params = &f.ty.inputs;
    if inputs.len() != params.len() {
        return Err(InterpError::InputCount {
            expected: params.len(),
            found: inputs.len(),
        });
    }
    for (index, (t, want)) in inputs.iter_mut().zip(params).enumerate() {
        let type_error = |found: String| InterpError::InputType {
            index,
            expected: want.to_string(),
            found,
        };
        t.check().map_err(|e| type_error(e.to_string()))?;
        if t.ty() != *want {
            return Err(type_error(t.ty().to_string()));
        }
        normalise(t);
    }
    Ok(inputs)
}

/// Rounds float values to the tensor's dtype, wraps integers to its width (idempotent).
/// Values of types that need neither (`f32`, `i64`, `index`) are left alone, so a result that
/// shares an operand's buffer (a reshape, a constant) is never copied.
pub(crate) fn normalise(t: &mut Tensor) {
    if matches!(
        t.dtype,
        Scalar::F32 | Scalar::I64 | Scalar::UI64 | Scalar::Index
    ) {
        return;
    }
    match &mut t.data {
        Data::F32(v) => round_slice(t.dtype, v.make_mut()),
        Data::I64(v) => wrap_slice(t.dtype, v.make_mut()),
    }
}

/// What a function's runs share: its ops in order, when each value can be freed, and the
/// results of its constant ops once computed.
struct Program<'m> {
    f: &'m Func,
    ops: Vec<OpId>,
    /// For each value, the position (in `ops`) of its last use (`usize::MAX`: never used).
    last_use: Vec<usize>,
    /// Per op position: for a constant op, its result (or error) once computed.
    constants: Vec<Option<OnceLock<Result<Tensor, String>>>>,
}

impl<'m> Program<'m> {
    fn new(m: &'m Module, entry: &str, runner: &dyn OpRunner) -> Result<Program<'m>, InterpError> {
        let f = m
            .func(entry)
            .ok_or_else(|| InterpError::NoSuchFunction(entry.to_string()))?;
        let body = &f.body;
        let ops: Vec<OpId> = body.ops().collect();
        let mut count = body
            .args()
            .iter()
            .map(|v| v.0 as usize + 1)
            .max()
            .unwrap_or(0);
        for &op in &ops {
            let d = body.op(op);
            for v in d.operands().iter().copied().chain(d.results()) {
                count = count.max(v.0 as usize + 1);
            }
        }
        let mut last_use = vec![usize::MAX; count];
        for (pos, &op) in ops.iter().enumerate() {
            for v in body.op(op).operands() {
                last_use[v.0 as usize] = pos;
            }
        }
        let constants = ops
            .iter()
            .map(|&op| {
                let d = body.op(op);
                let constant =
                    d.operands().is_empty() && d.def().is_some_and(|def| runner.is_constant(def));
                constant.then(OnceLock::new)
            })
            .collect();
        Ok(Program {
            f,
            ops,
            last_use,
            constants,
        })
    }
}

/// Per-op debug records of a run: op name and microseconds.
type Log<'m> = Vec<(&'m str, u64)>;

/// The state of one call: values by `ValueId`.
struct Frame<'p, 'm> {
    program: &'p Program<'m>,
    pool: &'p rayon::ThreadPool,
    runner: &'p dyn OpRunner,
    values: Vec<Option<Tensor>>,
}

impl<'p, 'm> Frame<'p, 'm> {
    fn new(
        program: &'p Program<'m>,
        pool: &'p rayon::ThreadPool,
        runner: &'p dyn OpRunner,
    ) -> Frame<'p, 'm> {
        Frame {
            program,
            pool,
            runner,
            values: vec![None; program.last_use.len()],
        }
    }

    /// Runs the function: the whole walk in the pool (one hand-over per run, not one per op);
    /// the per-op debug records are emitted afterwards by the calling thread.
    fn run(self, inputs: Vec<Tensor>) -> Result<Vec<Tensor>, InterpError> {
        let pool = self.pool;
        let logging = tracing::enabled!(tracing::Level::DEBUG);
        let (result, log) = pool.install(move || self.walk(inputs, logging));
        for (op, micros) in log {
            tracing::debug!(op, micros, "executed");
        }
        result
    }

    /// Runs the ops in order; with `logging`, records each op's name and time.
    fn walk(
        mut self,
        inputs: Vec<Tensor>,
        logging: bool,
    ) -> (Result<Vec<Tensor>, InterpError>, Log<'m>) {
        let (f, last_use) = (self.program.f, &self.program.last_use);
        for (&a, t) in f.body.args().iter().zip(inputs) {
            if last_use[a.0 as usize] != usize::MAX {
                self.values[a.0 as usize] = Some(t);
            }
        }
        let mut log = Vec::new();
        for (pos, &op) in self.program.ops.iter().enumerate() {
            if ReturnOp::cast(&f.body, op).is_some() {
                return (self.returned(op), log);
            }
            let start = Instant::now();
            let result = match self.execute(op, pos) {
                Ok(t) => t,
                Err(e) => return (Err(e), log),
            };
            if logging {
                log.push((f.body.op(op).name(), start.elapsed().as_micros() as u64));
            }
            self.values[f.body.op(op).result(0).0 as usize] = Some(result);
            self.free_after(pos, op);
        }
        let err = InterpError::Function {
            loc: f.loc.clone(),
            func: f.name.to_string(),
            message: "has no 'func.return'".into(),
        };
        (Err(err), log)
    }

    /// Runs one op and returns its result, rounded to the result type (a constant op's
    /// result is computed on its first run and shared afterwards).
    fn execute(&self, op: OpId, pos: usize) -> Result<Tensor, InterpError> {
        let f = self.program.f;
        let body = &f.body;
        let data = body.op(op);
        let fail = |message: String| InterpError::Op {
            loc: data.loc.clone(),
            op: data.name().to_string(),
            message,
        };
        if !data.def().is_some_and(|d| self.runner.supports(d)) {
            return Err(fail("is not supported by the interpreter".into()));
        }
        if data.num_results() != 1 {
            return Err(fail(format!(
                "has {} results; expected 1",
                data.num_results()
            )));
        }
        let out = tensor_type(f, data.result(0)).map_err(&fail)?;
        check_size(out).map_err(&fail)?;
        let mut args = Vec::with_capacity(data.operands().len());
        for (i, &v) in data.operands().iter().enumerate() {
            let t = self.values.get(v.0 as usize).and_then(Option::as_ref);
            args.push(t.ok_or_else(|| fail(format!("operand #{i} has no value yet")))?);
        }
        let cx = OpCtx {
            body,
            op,
            args,
            out,
            buffers: self.runner.buffers(),
        };
        let compute = || self.runner.run(&cx, pos);
        match &self.program.constants[pos] {
            Some(once) => once.get_or_init(compute).clone(),
            None => compute(),
        }
        .map_err(&fail)
    }

    /// Hands the values whose last use was the op at `pos`, and its result if unused, to the
    /// runner (which drops them, or keeps their buffers for later results).
    fn free_after(&mut self, pos: usize, op: OpId) {
        let data = self.program.f.body.op(op);
        let last_use = &self.program.last_use;
        for v in data.operands().iter().copied().chain(data.results()) {
            let i = v.0 as usize;
            if last_use[i] == pos || last_use[i] == usize::MAX {
                if let Some(t) = self.values[i].take() {
                    self.runner.recycle(t);
                }
            }
        }
    }

    /// The operands of the `func.return` op, moved out (shared if returned twice).
    fn returned(mut self, op: OpId) -> Result<Vec<Tensor>, InterpError> {
        let body = &self.program.f.body;
        let operands: Vec<ValueId> = body.op(op).operands().to_vec();
        let mut out = Vec::with_capacity(operands.len());
        for (i, v) in operands.iter().enumerate() {
            let slot = &mut self.values[v.0 as usize];
            let t = if operands[i + 1..].contains(v) {
                slot.clone()
            } else {
                slot.take()
            };
            out.push(t.ok_or_else(|| InterpError::Op {
                loc: body.op(op).loc.clone(),
                op: body.op(op).name().to_string(),
                message: format!("operand #{i} has no value"),
            })?);
        }
        Ok(out)
    }
}

/// The tensor type of a value, or an error for non-tensor values.
fn tensor_type(f: &Func, v: ValueId) -> Result<&TensorType, String> {
    let ty = f.body.ty(v);
    ty.as_tensor()
        .ok_or_else(|| format!("result type {ty} is not a tensor type"))
}

/// Errors if a result type has more elements than a buffer can hold (so kernels can multiply
/// result dims freely).
fn check_size(t: &TensorType) -> Result<(), String> {
    let dims: Option<Vec<usize>> = t.shape.iter().map(|&d| usize::try_from(d).ok()).collect();
    match dims.as_deref().and_then(checked_numel) {
        Some(n) if n <= isize::MAX as usize / 8 => Ok(()),
        _ => Err(format!(
            "result type {} has too many elements",
            neuron_ir::Type::Tensor(std::sync::Arc::new(t.clone()))
        )),
    }
}

/// Builds the result tensor: checks the kernel's values against the result type, then rounds
/// floats to the element type (RNE) or wraps integers to its width.
fn finish(out: &TensorType, data: Data) -> Result<Tensor, String> {
    let mut t = Tensor {
        dtype: out.elem,
        shape: out.shape.iter().map(|&d| d.max(0) as usize).collect(),
        data,
    };
    t.check().map_err(|e| format!("internal error: {e}"))?;
    normalise(&mut t);
    Ok(t)
}
