//! The executor: checks the inputs, walks the function's ops in order, runs each kernel on a
//! pool of worker threads, rounds each result to its type, frees values after their last use,
//! and returns the operands of `func.return`.
//!
//! The walk (and its logging) stays on the caller's thread; only kernels run in the pool. So a
//! caller holding a lock of stderr while it calls the interpreter cannot deadlock its logging.

use crate::ctx::OpCtx;
use crate::dispatch::kernel_for;
use crate::error::InterpError;
use crate::round::{round_slice, wrap_slice};
use crate::tensor::{checked_numel, Data, Tensor};
use neuron_ir::builtin::ReturnOp;
use neuron_ir::registry::OpDef;
use neuron_ir::{Func, Module, OpId, OpView, TensorType, ValueId};
use std::time::Instant;

/// Options of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InterpOptions {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
}

/// Runs function `entry` of `m` on `inputs` and returns its results.
///
/// Inputs must match the function's parameter types exactly (shape and element type).
/// Results are bit-identical for any thread count.
pub fn run_function(
    m: &Module,
    entry: &str,
    inputs: Vec<Tensor>,
    opts: &InterpOptions,
) -> Result<Vec<Tensor>, InterpError> {
    run_with(m, entry, inputs, opts.threads, &NnRunner)
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
}

/// The runner of the `nn` dialect: its kernels, results rounded to nearest even.
struct NnRunner;

impl OpRunner for NnRunner {
    fn supports(&self, def: &'static OpDef) -> bool {
        kernel_for(def).is_some()
    }

    fn run(&self, cx: &OpCtx, _: usize) -> Result<Tensor, String> {
        let kernel = cx.body.op(cx.op).def().and_then(kernel_for);
        let kernel = kernel.ok_or("is not supported by the interpreter")?;
        kernel(cx).and_then(|values| finish(cx.out, values))
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
    let f = m
        .func(entry)
        .ok_or_else(|| InterpError::NoSuchFunction(entry.to_string()))?;
    let inputs = check_inputs(f, inputs)?;
    let threads = match threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| InterpError::ThreadPool(e.to_string()))?;
    Frame::new(f, &pool, runner).run(inputs)
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
pub(crate) fn normalise(t: &mut Tensor) {
    match &mut t.data {
        Data::F32(v) => round_slice(t.dtype, v),
        Data::I64(v) => wrap_slice(t.dtype, v),
    }
}

/// The state of one function call: values by `ValueId`, and when each can be freed.
struct Frame<'a> {
    f: &'a Func,
    pool: &'a rayon::ThreadPool,
    runner: &'a dyn OpRunner,
    ops: Vec<OpId>,
    values: Vec<Option<Tensor>>,
    /// For each value, the position (in `ops`) of its last use.
    last_use: Vec<usize>,
}

impl<'a> Frame<'a> {
    fn new(f: &'a Func, pool: &'a rayon::ThreadPool, runner: &'a dyn OpRunner) -> Frame<'a> {
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
        Frame {
            f,
            pool,
            runner,
            ops,
            values: vec![None; count],
            last_use,
        }
    }

    fn run(mut self, inputs: Vec<Tensor>) -> Result<Vec<Tensor>, InterpError> {
        for (&a, t) in self.f.body.args().iter().zip(inputs) {
            if self.last_use[a.0 as usize] != usize::MAX {
                self.values[a.0 as usize] = Some(t);
            }
        }
        for pos in 0..self.ops.len() {
            let op = self.ops[pos];
            if ReturnOp::cast(&self.f.body, op).is_some() {
                return self.returned(op);
            }
            let result = self.execute(op, pos)?;
            self.values[self.f.body.op(op).result(0).0 as usize] = Some(result);
            self.free_after(pos, op);
        }
        Err(InterpError::Function {
            loc: self.f.loc.clone(),
            func: self.f.name.to_string(),
            message: "has no 'func.return'".into(),
        })
    }

    /// Runs one op and returns its result, rounded to the result type.
    fn execute(&self, op: OpId, pos: usize) -> Result<Tensor, InterpError> {
        let body = &self.f.body;
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
        let out = tensor_type(self.f, data.result(0)).map_err(&fail)?;
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
        };
        let start = Instant::now();
        let t = self
            .pool
            .install(|| self.runner.run(&cx, pos))
            .map_err(&fail)?;
        tracing::debug!(
            op = data.name(),
            micros = start.elapsed().as_micros() as u64,
            "executed"
        );
        Ok(t)
    }

    /// Hands the values whose last use was the op at `pos`, and its result if unused, to the
    /// runner (which drops them, or keeps their buffers for later results).
    fn free_after(&mut self, pos: usize, op: OpId) {
        let data = self.f.body.op(op);
        for v in data.operands().iter().copied().chain(data.results()) {
            let i = v.0 as usize;
            if self.last_use[i] == pos || self.last_use[i] == usize::MAX {
                if let Some(t) = self.values[i].take() {
                    self.runner.recycle(t);
                }
            }
        }
    }

    /// The operands of the `func.return` op, moved out (copied if returned twice).
    fn returned(mut self, op: OpId) -> Result<Vec<Tensor>, InterpError> {
        let operands: Vec<ValueId> = self.f.body.op(op).operands().to_vec();
        let mut out = Vec::with_capacity(operands.len());
        for (i, v) in operands.iter().enumerate() {
            let slot = &mut self.values[v.0 as usize];
            let t = if operands[i + 1..].contains(v) {
                slot.clone()
            } else {
                slot.take()
            };
            out.push(t.ok_or_else(|| InterpError::Op {
                loc: self.f.body.op(op).loc.clone(),
                op: self.f.body.op(op).name().to_string(),
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
