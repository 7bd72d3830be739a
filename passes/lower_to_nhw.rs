//! `lower-to-nhw{target=inf1|trn1}`: lowers every `nn` op to `nhw` hardware ops, after or
//! without the fast-math passes, following the module's `nn.fast_math` settings and each
//! transpose's relayout marks. On inf1 an FP32 matmult is illegal: its operands are cast to
//! BF16, with a remark; on trn1 it stays FP32. Records the target in `nhw.target`.
//! docs/nhw.md gives every rule.

mod builder;
mod elementwise;
mod hw_types;
mod logic_math;
mod matmult;
mod norm;
mod relayout;
mod sort_scatter;
#[cfg(test)]
mod tests;

use crate::fast_math::{set_attr, Settings};
use builder::Lower;
use elementwise::{self as ew, Lowered};
use logic_math as lm;
use neuron_ir::builtin::ReturnOp;
use neuron_ir::registry::OpTable;
use neuron_ir::{Body, Diagnostic, Func, Module, OpDef, OpId, OpView, Scalar, ValueId};
use neuron_nhw::{self as nhw, Target, TARGET_ATTR};
use neuron_nn as nn;
use neuron_pass::{
    Changed, OptionKind, OptionSpec, Pass, PassOptions, PassOutput, PassRegistration,
};
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// What the rules read: the target and the module's fast-math settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// The hardware target.
    pub target: Target,
    /// The recorded fast-math settings.
    pub settings: Settings,
}

/// The `lower-to-nhw` pass.
#[derive(Clone, Copy, Debug)]
pub struct LowerToNhw {
    /// The hardware target.
    pub target: Target,
}

impl Pass for LowerToNhw {
    fn run_on_module(&self, m: &mut Module, out: &mut PassOutput) -> Result<Changed, Diagnostic> {
        if let Some(t) = Target::of_module(m).filter(|&t| t != self.target) {
            return Err(Diagnostic::error(
                m.loc.clone(),
                format!(
                    "the module was lowered for target '{}'; it cannot be lowered for '{}'",
                    t.name(),
                    self.target.name()
                ),
            ));
        }
        let cfg = Config {
            target: self.target,
            settings: Settings::read(m)?,
        };
        let mut changed = false;
        for f in &mut m.funcs {
            changed |= lower_function(f, &cfg, &mut out.diagnostics)?;
        }
        changed |= set_attr(&mut m.attrs, TARGET_ATTR, self.target.attr());
        Ok(Changed::from(changed))
    }
}

/// A lowering rule: builds the `nhw` ops of one `nn` op; returns its replacement value.
type Rule = fn(&mut Lower) -> Lowered;

/// Every `nn` op with its rule.
fn rules() -> Vec<(&'static OpDef, Rule)> {
    vec![
        (nn::ConstantOp::def(), ew::constant),
        (nn::AddOp::def(), ew::add),
        (nn::SubOp::def(), ew::sub),
        (nn::MulOp::def(), ew::mul),
        (nn::DivOp::def(), ew::div),
        (nn::PowOp::def(), ew::pow),
        (nn::MaxOp::def(), ew::max),
        (nn::MinOp::def(), ew::min),
        (nn::EqualOp::def(), ew::equal),
        (nn::LessOp::def(), ew::less),
        (nn::LessEqualOp::def(), ew::less_equal),
        (nn::GreaterOp::def(), ew::greater),
        (nn::GreaterEqualOp::def(), ew::greater_equal),
        (nn::WhereOp::def(), ew::select),
        (nn::NegOp::def(), ew::neg),
        (nn::AbsOp::def(), ew::abs),
        (nn::ExpOp::def(), ew::exp),
        (nn::LogOp::def(), ew::log),
        (nn::SqrtOp::def(), ew::sqrt),
        (nn::RsqrtOp::def(), ew::rsqrt),
        (nn::ReciprocalOp::def(), ew::reciprocal),
        (nn::TanhOp::def(), ew::tanh),
        (nn::SigmoidOp::def(), ew::sigmoid),
        (nn::ReluOp::def(), ew::relu),
        (nn::ErfOp::def(), ew::erf),
        (nn::LeakyReluOp::def(), ew::leaky_relu),
        (nn::ClipOp::def(), ew::clip),
        (nn::GeluOp::def(), ew::gelu),
        (nn::CastOp::def(), ew::cast),
        (nn::MatMulOp::def(), matmult::matmul),
        (nn::BatchMatmulOp::def(), matmult::matmul),
        (nn::GemmOp::def(), matmult::gemm),
        (nn::Conv2dOp::def(), matmult::conv2d),
        (nn::SoftmaxOp::def(), norm::softmax),
        (nn::LogSoftmaxOp::def(), norm::log_softmax),
        (nn::LayerNormOp::def(), norm::layer_norm),
        (nn::BatchNormOp::def(), norm::batch_norm),
        (nn::ReduceSumOp::def(), norm::reduce_sum),
        (nn::ReduceMeanOp::def(), norm::reduce_mean),
        (nn::ReduceMaxOp::def(), norm::reduce_max),
        (nn::TransposeOp::def(), ew::transpose),
        (nn::ReshapeOp::def(), ew::reshape),
        (nn::SqueezeOp::def(), ew::reshape),
        (nn::UnsqueezeOp::def(), ew::reshape),
        (nn::FlattenOp::def(), ew::reshape),
        (nn::ExpandOp::def(), ew::expand),
        (nn::ConcatOp::def(), ew::concat),
        (nn::SliceOp::def(), ew::slice),
        (nn::GatherOp::def(), ew::gather),
        (nn::PadOp::def(), ew::pad),
        (nn::MaxPool2dOp::def(), norm::max_pool2d),
        (nn::AvgPool2dOp::def(), norm::avg_pool2d),
        (nn::GlobalAvgPoolOp::def(), norm::global_avg_pool),
        (nn::AndOp::def(), ew::and),
        (nn::OrOp::def(), ew::or),
        (nn::XorOp::def(), ew::xor),
        (nn::NotOp::def(), ew::not),
        (nn::BitwiseAndOp::def(), ew::and),
        (nn::BitwiseOrOp::def(), ew::or),
        (nn::BitwiseXorOp::def(), ew::xor),
        (nn::BitwiseNotOp::def(), ew::not),
        (nn::BitShiftOp::def(), lm::bit_shift),
        (nn::ModOp::def(), lm::modulo),
        (nn::SinOp::def(), ew::sin),
        (nn::CosOp::def(), ew::cos),
        (nn::TanOp::def(), ew::tan),
        (nn::AsinOp::def(), ew::asin),
        (nn::AcosOp::def(), ew::acos),
        (nn::AtanOp::def(), ew::atan),
        (nn::SinhOp::def(), ew::sinh),
        (nn::CoshOp::def(), ew::cosh),
        (nn::AsinhOp::def(), ew::asinh),
        (nn::AcoshOp::def(), ew::acosh),
        (nn::AtanhOp::def(), ew::atanh),
        (nn::FloorOp::def(), ew::floor),
        (nn::CeilOp::def(), ew::ceil),
        (nn::RoundOp::def(), ew::round),
        (nn::SignOp::def(), ew::sign),
        (nn::IsNanOp::def(), lm::is_nan),
        (nn::IsInfOp::def(), lm::is_inf),
        (nn::ReduceMinOp::def(), lm::reduce_min),
        (nn::ReduceProdOp::def(), lm::reduce_prod),
        (nn::ArgMaxOp::def(), lm::arg_reduce),
        (nn::ArgMinOp::def(), lm::arg_reduce),
        (nn::CumSumOp::def(), lm::cumsum),
        (nn::GatherElementsOp::def(), lm::gather_elements),
        (nn::TopKOp::def(), sort_scatter::topk),
        (nn::TopKIndicesOp::def(), sort_scatter::topk),
        (nn::ScatterElementsOp::def(), sort_scatter::scatter),
        (nn::ScatterNdOp::def(), sort_scatter::scatter),
        (nn::CumProdOp::def(), sort_scatter::cumprod),
    ]
}

/// The rule of an op kind, if there is one.
fn rule_for(def: &'static OpDef) -> Option<Rule> {
    static TABLE: OnceLock<OpTable<Rule>> = OnceLock::new();
    TABLE.get_or_init(|| OpTable::new(rules())).get(def)
}

/// The registered `nn` ops without a lowering rule (empty when every op is covered).
pub fn nn_ops_without_rule() -> Vec<&'static str> {
    neuron_ir::registry::all_ops()
        .into_iter()
        .filter(|d| d.dialect() == "nn" && rule_for(d).is_none())
        .map(|d| d.name)
        .collect()
}

/// True for the ops the lowering keeps: `func.return` and `nhw` ops.
fn is_kept(f: &Func, op: OpId) -> bool {
    let d = f.body.op(op);
    ReturnOp::cast(&f.body, op).is_some() || d.def().is_some_and(|def| def.dialect() == "nhw")
}

/// Lowers every op of a function in order; remarks go to `remarks`. True if an op was lowered.
pub fn lower_function(
    f: &mut Func,
    cfg: &Config,
    remarks: &mut Vec<Diagnostic>,
) -> Result<bool, Diagnostic> {
    let ops: Vec<OpId> = f.body.ops().collect();
    let mut casts = FxHashMap::default();
    let mut lowered = false;
    for op in ops {
        if is_kept(f, op) {
            continue;
        }
        let d = f.body.op(op);
        let (name, loc) = (d.name().to_string(), d.loc.clone());
        let fail = |msg: String| {
            Diagnostic::error(
                loc.clone(),
                format!("'{name}' op cannot be lowered to nhw: {msg}"),
            )
        };
        if let Some(s) = hw_types::unsupported_type(&f.body, op) {
            return Err(fail(format!("the hardware has no element type {s}")));
        }
        let rule = d
            .def()
            .and_then(rule_for)
            .ok_or_else(|| fail("no lowering rule for it".into()))?;
        let mut l = Lower {
            body: &mut f.body,
            op,
            loc: loc.clone(),
            cfg,
            remarks,
            casts: &mut casts,
        };
        let v = rule(&mut l).map_err(fail)?;
        if f.body.ty(v) != f.body.ty(f.body.op(op).result(0)) {
            return Err(fail(format!(
                "internal error: the lowering produced {}",
                f.body.ty(v)
            )));
        }
        f.body.replace_op(op, &[v]);
        lowered = true;
    }
    fold_matmult_result_casts(f);
    merge_duplicate_reshapes(f);
    erase_dead_leftovers(f);
    Ok(lowered)
}

/// Lets a matmult write a narrow result directly when its only user casts its FP32 result to a
/// narrow float type (possibly through a single-use `nhw.reshape`): the Tensor engine rounds its
/// FP32 accumulator once on write, exactly as the separate cast would, so the numbers are
/// identical and a Scalar-engine op is saved.
fn fold_matmult_result_casts(f: &mut Func) {
    let casts: Vec<OpId> = f
        .body
        .ops()
        .filter(|&op| nhw::CastOp::cast(&f.body, op).is_some())
        .collect();
    for cast in casts {
        let b = &f.body;
        let input = b.op(cast).operands()[0];
        let narrow = b.ty(b.op(cast).result(0)).element_type();
        let narrow = narrow.filter(|s| s.is_float() && *s != Scalar::F32);
        let chain = matmult_chain(b, input);
        if let (Some(elem), Some(chain)) = (narrow, chain) {
            for v in chain {
                let ty = f.body.ty(v).with_element_type(elem);
                f.body.set_type(v, ty);
            }
            f.body.replace_op(cast, &[input]);
        }
    }
}

/// The FP32 values from a matmult's result to `v` when `v` is that result or a reshape of it and
/// each value on the way has one use; `None` otherwise.
fn matmult_chain(b: &Body, v: ValueId) -> Option<Vec<ValueId>> {
    let single_f32 =
        |v: ValueId| b.value(v).uses().len() == 1 && b.ty(v).element_type() == Some(Scalar::F32);
    if !single_f32(v) {
        return None;
    }
    let def = b.defining_op(v)?;
    if nhw::MatmultOp::cast(b, def).is_some() {
        return Some(vec![v]);
    }
    let inner = nhw::ReshapeOp::cast(b, def)?.input(b);
    let is_matmult = b
        .defining_op(inner)
        .is_some_and(|d| nhw::MatmultOp::cast(b, d).is_some());
    (is_matmult && single_f32(inner)).then(|| vec![inner, v])
}

/// Replaces each `nhw.reshape` that repeats an earlier one (same input, same result type) by the
/// earlier one: rules that reshape the same value (the activations every projection reads) each
/// build their own, and the printed IR would show them all.
fn merge_duplicate_reshapes(f: &mut Func) {
    let mut seen: FxHashMap<(ValueId, neuron_ir::Type), ValueId> = FxHashMap::default();
    let ops: Vec<OpId> = f.body.ops().collect();
    for op in ops {
        let Some(r) = nhw::ReshapeOp::cast(&f.body, op) else {
            continue;
        };
        let out = f.body.op(op).result(0);
        let key = (r.input(&f.body), f.body.ty(out).clone());
        match seen.get(&key) {
            Some(&first) => f.body.replace_op(op, &[first]),
            None => {
                seen.insert(key, out);
            }
        }
    }
}

/// Erases the `nhw.constant`s and `nhw.reshape`s left without users (constants whose casts the
/// lowering folded, reshapes it merged), last first so chains go too.
fn erase_dead_leftovers(f: &mut Func) {
    let ops: Vec<OpId> = f.body.ops().collect();
    for op in ops.into_iter().rev() {
        let b = &f.body;
        let leftover = neuron_nhw::ConstantOp::cast(b, op).is_some()
            || neuron_nhw::ReshapeOp::cast(b, op).is_some();
        if leftover && b.results_unused(op) {
            f.body.erase(op);
        }
    }
}

fn create(opts: &PassOptions) -> Result<Box<dyn Pass>, String> {
    let target = Target::from_name(opts.str("target")).unwrap_or(Target::Inf1);
    Ok(Box::new(LowerToNhw { target }))
}

inventory::submit! {
    PassRegistration {
        argument: "lower-to-nhw",
        name: "LowerToNhw",
        summary: "Lower nn ops to nhw hardware ops for a target (inf1: no FP32 matmult; trn1: FP32 matmult at ~4x cost)",
        options: &[OptionSpec {
            name: "target",
            kind: OptionKind::Enum(&["inf1", "trn1"]),
            default: "inf1",
            help: "The hardware: inf1 (NeuronCore-v1) or trn1 (NeuronCore-v2)",
        }],
        create,
    }
}
