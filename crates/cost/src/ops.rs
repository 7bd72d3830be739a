//! Which formula costs which `nhw` op: a table keyed by the ops' `OpDef`s (the identity
//! `OpView::cast` tests; op names are never compared as strings), and one function per op kind
//! that reads shapes and attributes through the dialect's typed views.

use crate::error::CostError;
use crate::model::{self, Work};
use crate::report::OpCost;
use crate::target::{Engine, Target};
use neuron_ir::registry::{OpDef, OpTable};
use neuron_ir::{Func, OpId, OpView, TensorType, ValueId};
use neuron_nhw as nhw;
use std::sync::OnceLock;

/// Why an op could not be costed, before it is located.
enum Fail {
    /// The target cannot run it.
    Illegal(String),
    /// The op is malformed.
    Malformed(String),
}

impl From<String> for Fail {
    fn from(s: String) -> Fail {
        Fail::Malformed(s)
    }
}

/// What a cost function finds: the engine, its work, and the bytes the op writes.
struct Costed {
    engine: Engine,
    work: Work,
    bytes: f64,
}

/// A cost function of one op kind.
type CostFn = fn(&Ctx) -> Result<Costed, Fail>;

/// The cost of an op writing `out`.
fn costed(engine: Engine, work: Work, out: &TensorType) -> Result<Costed, Fail> {
    Ok(Costed {
        engine,
        work,
        bytes: bytes(out)?,
    })
}

/// The op being costed.
struct Ctx<'a> {
    f: &'a Func,
    op: OpId,
    target: Target,
}

impl Ctx<'_> {
    /// The tensor type of a value.
    fn tensor(&self, v: ValueId) -> Result<&TensorType, String> {
        let ty = self.f.body.ty(v);
        ty.as_tensor()
            .ok_or_else(|| format!("expects tensor operands and results, but has {ty}"))
    }

    /// Operand `i`'s tensor type.
    fn operand(&self, i: usize) -> Result<&TensorType, String> {
        let v = self.f.body.op(self.op).operands().get(i).copied();
        self.tensor(v.ok_or_else(|| format!("requires operand #{i}"))?)
    }

    /// The (first) result's tensor type.
    fn result(&self) -> Result<&TensorType, String> {
        let o = self.f.body.op(self.op);
        if o.num_results() == 0 {
            return Err("requires a result".into());
        }
        self.tensor(o.result(0))
    }

    /// The op as its typed view (the table only calls a cost function on its own kind).
    fn view<V: OpView>(&self) -> Result<V, String> {
        V::cast(&self.f.body, self.op).ok_or_else(|| "is not of the cost function's kind".into())
    }
}

/// A shape as unsigned sizes (negative sizes are malformed).
fn dims(t: &TensorType) -> Result<Vec<u64>, String> {
    t.shape
        .iter()
        .map(|&d| u64::try_from(d).map_err(|_| format!("has a negative dimension size {d}")))
        .collect()
}

/// Number of elements.
fn elems(t: &TensorType) -> Result<u64, String> {
    Ok(dims(t)?.iter().product())
}

/// Storage bytes of the whole tensor.
fn bytes(t: &TensorType) -> Result<f64, String> {
    Ok(elems(t)? as f64 * t.elem.storage_bytes() as f64)
}

/// An axis attribute normalised to `0..rank`.
fn axis(a: i64, rank: usize) -> Result<usize, String> {
    let r = rank as i64;
    let n = if a < 0 { a + r } else { a };
    usize::try_from(n)
        .ok()
        .filter(|&n| n < rank.max(1))
        .ok_or_else(|| format!("axis {a} is out of range for rank {rank}"))
}

/// A required attribute, or a malformed-op message naming it.
fn required<T>(v: Option<T>, name: &str) -> Result<T, String> {
    v.ok_or_else(|| format!("requires attribute '{name}'"))
}

// ---- Tensor engine ----

/// `nhw.matmult`: the tile model over `[B…, M, K] × [B…, K, N]`.
fn matmult(c: &Ctx) -> Result<Costed, Fail> {
    let (lhs, rhs, out) = (c.operand(0)?, c.operand(1)?, c.result()?);
    let (l, r) = (dims(lhs)?, dims(rhs)?);
    if l.len() < 2 || r.len() < 2 {
        return Err(Fail::Malformed("requires operands of rank >= 2".into()));
    }
    let batch: u64 = l[..l.len() - 2].iter().product();
    let (m, k, n) = (l[l.len() - 2], l[l.len() - 1], r[r.len() - 1]);
    let work = model::matmult(c.target, lhs.elem, batch, m, k, n).map_err(Fail::Illegal)?;
    costed(Engine::Tensor, work, out)
}

/// `nhw.pe_transpose`: identity-matmul tiles over the result's last two dims, in `dtype`.
fn pe_transpose(c: &Ctx) -> Result<Costed, Fail> {
    let v: nhw::PeTransposeOp = c.view()?;
    let dtype = v
        .dtype_scalar(&c.f.body)
        .ok_or_else(|| "requires a scalar type attribute 'dtype'".to_string())?;
    let out = c.result()?;
    let d = dims(out)?;
    let (batch, rows, cols) = match d.len() {
        0 | 1 => (1, 1, d.first().copied().unwrap_or(1)),
        n => (d[..n - 2].iter().product(), d[n - 2], d[n - 1]),
    };
    let work = model::pe_transpose(c.target, dtype, batch, rows, cols).map_err(Fail::Illegal)?;
    costed(Engine::Tensor, work, out)
}

// ---- Scalar engine ----

/// `nhw.activation` and `nhw.cast`: one Scalar-engine pass over the result.
fn scalar_op(c: &Ctx) -> Result<Costed, Fail> {
    let out = c.result()?;
    let work = model::scalar(c.target, elems(out)?);
    costed(Engine::Scalar, work, out)
}

// ---- Vector engine ----

/// A Vector op over the result's elements at the tensor-tensor rate (2 cycles per element).
fn two_input_vector(c: &Ctx) -> Result<Costed, Fail> {
    let out = c.result()?;
    let n = elems(out)?;
    let work = model::vector(
        c.target,
        n,
        crate::target::TRN1_TENSOR_TENSOR_CYCLES,
        n as f64,
    );
    costed(Engine::Vector, work, out)
}

/// `nhw.tensor_reduce`: one Vector-engine pass over the input.
fn tensor_reduce(c: &Ctx) -> Result<Costed, Fail> {
    let (input, out) = (c.operand(0)?, c.result()?);
    let n = elems(input)?;
    let work = model::vector(
        c.target,
        n,
        crate::target::TRN1_VECTOR_ONE_INPUT_CYCLES,
        n as f64,
    );
    costed(Engine::Vector, work, out)
}

/// `nhw.pool`: the Vector engine reads every window element of every output.
fn pool(c: &Ctx) -> Result<Costed, Fail> {
    let v: nhw::PoolOp = c.view()?;
    let w = nhw::common::window_attrs(c.f, c.op)?;
    let window = (w.kernel[0] * w.kernel[1]) as u64;
    let out = c.result()?;
    let reads = elems(out)? * window;
    let avg = v.pool_kind(&c.f.body) == Some(nhw::kinds::PoolKind::Avg);
    let flops = reads as f64 + if avg { elems(out)? as f64 } else { 0.0 };
    let work = model::vector(
        c.target,
        reads,
        crate::target::TRN1_VECTOR_ONE_INPUT_CYCLES,
        flops,
    );
    costed(Engine::Vector, work, out)
}

// ---- DMA ----

/// A DMA op writing the result in runs of `run_elems` result elements.
fn dma(c: &Ctx, run_elems: u64) -> Result<Costed, Fail> {
    let out = c.result()?;
    let b = bytes(out)?;
    let run = run_elems as f64 * out.elem.storage_bytes() as f64;
    let seconds = model::dma_seconds(c.target, b, run);
    Ok(Costed {
        engine: Engine::Dma,
        work: Work {
            seconds,
            flops: 0.0,
        },
        bytes: b,
    })
}

/// Contiguous moves: constants (weights loaded from DRAM) and broadcast copies.
fn dma_contiguous(c: &Ctx) -> Result<Costed, Fail> {
    let n = elems(c.result()?)?;
    dma(c, n)
}

/// `nhw.constant`: loaded from DRAM like any contiguous move, unless every use is the table of
/// an `nhw.dma_gather` (possibly through reshapes): the gather reads its rows straight from
/// DRAM, so an embedding table costs the rows gathered, not the whole table.
fn constant(c: &Ctx) -> Result<Costed, Fail> {
    let v = c.f.body.op(c.op).result(0);
    if only_gathered(&c.f.body, v) {
        return reshape(c);
    }
    dma_contiguous(c)
}

/// True if `v` has uses and each is the table operand of an `nhw.dma_gather` or a reshape whose
/// result is only gathered.
fn only_gathered(body: &neuron_ir::Body, v: ValueId) -> bool {
    let uses = body.value(v).uses();
    !uses.is_empty()
        && uses.iter().all(|u| {
            if nhw::DmaGatherOp::cast(body, u.op).is_some() {
                return u.index == 0;
            }
            nhw::ReshapeOp::cast(body, u.op).is_some()
                && only_gathered(body, body.op(u.op).result(0))
        })
}

/// `nhw.reshape`: metadata only, free.
fn reshape(_: &Ctx) -> Result<Costed, Fail> {
    Ok(Costed {
        engine: Engine::Dma,
        work: Work::default(),
        bytes: 0.0,
    })
}

/// `nhw.dma_transpose`: runs as long as the trailing dims the perm leaves in place.
fn dma_transpose(c: &Ctx) -> Result<Costed, Fail> {
    let v: nhw::DmaTransposeOp = c.view()?;
    let perm = required(v.perm(&c.f.body), "perm")?;
    let input = dims(c.operand(0)?)?;
    if perm.len() != input.len() {
        return Err(Fail::Malformed(format!(
            "perm has {} entries for an operand of rank {}",
            perm.len(),
            input.len()
        )));
    }
    let perm = perm
        .iter()
        .map(|&p| axis(p, input.len()))
        .collect::<Result<Vec<_>, _>>()?;
    dma(c, model::transpose_run(&input, &perm))
}

/// `nhw.dma_gather`: one run per gathered slice (the table dims after `axis`).
fn dma_gather(c: &Ctx) -> Result<Costed, Fail> {
    let v: nhw::DmaGatherOp = c.view()?;
    let table = dims(c.operand(0)?)?;
    let ax = axis(v.axis(&c.f.body).unwrap_or(0), table.len())?;
    dma(c, table.get(ax + 1..).unwrap_or(&[]).iter().product())
}

/// `nhw.dma_slice`: runs as long as the slice's contiguous inner extent.
fn dma_slice(c: &Ctx) -> Result<Costed, Fail> {
    let v: nhw::DmaSliceOp = c.view()?;
    let body = &c.f.body;
    let (input, out) = (dims(c.operand(0)?)?, dims(c.result()?)?);
    let starts = v.starts(body).unwrap_or_default();
    let axes = v
        .axes(body)
        .unwrap_or_else(|| (0..starts.len() as i64).collect());
    let mut steps = vec![1; input.len()];
    for (i, &a) in axes.iter().enumerate() {
        let s = v.steps(body).and_then(|s| s.get(i).copied()).unwrap_or(1);
        steps[axis(a, input.len())?] = s;
    }
    dma(c, model::slice_run(&input, &out, &steps))
}

/// `nhw.dma_concat`: each input moves in runs of its dims from `axis` on.
fn dma_concat(c: &Ctx) -> Result<Costed, Fail> {
    let v: nhw::DmaConcatOp = c.view()?;
    let out = c.result()?;
    let ax = axis(required(v.axis(&c.f.body), "axis")?, out.rank())?;
    let eb = out.elem.storage_bytes() as f64;
    let mut seconds = 0.0;
    for &input in c.f.body.op(c.op).operands() {
        let t = c.tensor(input)?;
        let run = dims(t)?.get(ax..).unwrap_or(&[]).iter().product::<u64>() as f64 * eb;
        seconds += model::dma_seconds(c.target, bytes(t)?, run);
    }
    let work = Work {
        seconds,
        flops: 0.0,
    };
    costed(Engine::Dma, work, out)
}

/// `nhw.dma_pad`: the input moves row by row (runs of its last dim).
fn dma_pad(c: &Ctx) -> Result<Costed, Fail> {
    let input = dims(c.operand(0)?)?;
    dma(c, input.last().copied().unwrap_or(1))
}

/// im2col reads kernel windows: with a unit W stride each window row is a run of Wo
/// contiguous input elements, otherwise every element is its own run.
fn im2col(c: &Ctx) -> Result<Costed, Fail> {
    let w = nhw::common::window_attrs(c.f, c.op)?;
    let input = dims(c.operand(0)?)?;
    let run = match input.len() {
        4 if w.strides[1] == 1 => {
            let span = w.dilations[1] * (w.kernel[1] - 1) + 1;
            (input[3] as i64 + w.pads[1] + w.pads[3] - span + 1).max(1) as u64
        }
        _ => 1,
    };
    dma(c, run)
}

/// Every op kind the model costs, with its cost function.
fn entries() -> Vec<(&'static OpDef, CostFn)> {
    vec![
        (nhw::MatmultOp::def(), matmult),
        (nhw::PeTransposeOp::def(), pe_transpose),
        (nhw::ActivationOp::def(), scalar_op),
        (nhw::CastOp::def(), scalar_op),
        (nhw::TensorTensorOp::def(), two_input_vector),
        (nhw::SelectOp::def(), two_input_vector),
        (nhw::TensorReduceOp::def(), tensor_reduce),
        (nhw::PoolOp::def(), pool),
        (nhw::DmaTransposeOp::def(), dma_transpose),
        (nhw::ReshapeOp::def(), reshape),
        (nhw::DmaCopyOp::def(), dma_contiguous),
        (nhw::DmaGatherOp::def(), dma_gather),
        (nhw::DmaSliceOp::def(), dma_slice),
        (nhw::DmaConcatOp::def(), dma_concat),
        (nhw::DmaPadOp::def(), dma_pad),
        (nhw::Im2colOp::def(), im2col),
        (nhw::ConstantOp::def(), constant),
    ]
}

/// The cost function of an op kind, if the model covers it.
fn cost_fn(def: &'static OpDef) -> Option<CostFn> {
    static TABLE: OnceLock<OpTable<CostFn>> = OnceLock::new();
    TABLE.get_or_init(|| OpTable::new(entries())).get(def)
}

/// The registered `nhw` ops the model does not cost (empty when all are covered; a test checks).
pub fn nhw_ops_without_cost() -> Vec<&'static str> {
    neuron_ir::registry::all_ops()
        .into_iter()
        .filter(|d| d.dialect() == "nhw" && cost_fn(d).is_none())
        .map(|d| d.name)
        .collect()
}

/// The estimated cost of one `nhw` op of `f` on `target`.
pub fn op_cost(f: &Func, op: OpId, target: Target) -> Result<OpCost, CostError> {
    let data = f.body.op(op);
    let (loc, name) = (data.loc.clone(), data.name().to_string());
    let Some(cost) = data.def().and_then(cost_fn) else {
        return Err(CostError::Unsupported { loc, op: name });
    };
    let ctx = Ctx { f, op, target };
    match cost(&ctx) {
        Ok(c) => Ok(OpCost {
            op: name,
            engine: c.engine,
            seconds: c.work.seconds,
            flops: c.work.flops,
            bytes: c.bytes,
        }),
        Err(Fail::Illegal(message)) => Err(CostError::Illegal {
            loc,
            op: name,
            target: target.name().into(),
            message,
        }),
        Err(Fail::Malformed(message)) => Err(CostError::Malformed {
            loc,
            op: name,
            message,
        }),
    }
}
