//! `precision-summary`: a table of op counts per op kind × compute type, the casts in the
//! program, and how transposes run (fast in which type, exact, or not yet decided).

use crate::fast_math::{is_matmult_engine, RELAYOUT_ATTR, RELAYOUT_TYPE_ATTR};
use neuron_ir::{Attribute, Diagnostic, Func, Module, OpId, OpView, Scalar, Type};
use neuron_nn::{CastOp, TransposeOp};
use neuron_pass::{Changed, Pass, PassOutput, PassRegistration};
use std::collections::BTreeMap;
use std::fmt::Write;

/// How the transposes of a module run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransposeCounts {
    /// Fast (matmult engine) transposes per relayout type.
    pub fast: BTreeMap<Scalar, usize>,
    /// Exact (data movement) transposes.
    pub exact: usize,
    /// Transposes no relayout pass marked (the target's default applies).
    pub unmarked: usize,
}

/// The precision profile of a module.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrecisionSummary {
    /// (op name, compute type) → count, casts and transposes excluded. Matmult-engine ops
    /// show `in->acc`, e.g. `bf16->f32`: narrow inputs, FP32 accumulation.
    pub ops: BTreeMap<(String, String), usize>,
    /// (from, to) element types → number of casts.
    pub casts: BTreeMap<(Scalar, Scalar), usize>,
    /// Transposes.
    pub transposes: TransposeCounts,
}

impl PrecisionSummary {
    /// Summarizes every function of a module.
    pub fn of(m: &Module) -> PrecisionSummary {
        let mut s = PrecisionSummary::default();
        for f in &m.funcs {
            for op in f.body.ops() {
                s.add(f, op);
            }
        }
        s
    }

    fn add(&mut self, f: &Func, op: OpId) {
        let d = f.body.op(op);
        if d.def().is_none_or(|def| def.dialect() != "nn") {
            return;
        }
        let elem = |v| f.body.ty(v).element_type().unwrap_or(Scalar::F32);
        if CastOp::cast(&f.body, op).is_some() {
            *self
                .casts
                .entry((elem(d.operands()[0]), elem(d.result(0))))
                .or_default() += 1;
            return;
        }
        if TransposeOp::cast(&f.body, op).is_some() {
            self.add_transpose(d.attr(RELAYOUT_ATTR), d.attr(RELAYOUT_TYPE_ATTR));
        }
        let compute = compute_type(f, op);
        *self.ops.entry((d.name().to_string(), compute)).or_default() += 1;
    }

    fn add_transpose(&mut self, relayout: Option<&Attribute>, ty: Option<&Attribute>) {
        let t = &mut self.transposes;
        match relayout.and_then(Attribute::as_str) {
            Some("fast") => {
                let ty = ty.and_then(Attribute::as_type).and_then(Type::element_type);
                *t.fast.entry(ty.unwrap_or(Scalar::BF16)).or_default() += 1;
            }
            Some("exact") => t.exact += 1,
            _ => t.unmarked += 1,
        }
    }

    /// The compute types of the ops in a category: matmult-engine ops (`true`) or the others.
    pub fn compute_types(&self, matmult_engine: bool, f: impl Fn(&str) -> bool) -> Vec<String> {
        let mut v: Vec<String> = self
            .ops
            .keys()
            .filter(|(name, c)| f(name) && c.contains("->") == matmult_engine)
            .map(|(_, c)| c.clone())
            .collect();
        v.dedup();
        v
    }

    /// The report as text.
    pub fn render(&self) -> String {
        let mut out = String::from("Precision summary:\n");
        let w = self
            .ops
            .keys()
            .map(|(n, _)| n.len())
            .max()
            .unwrap_or(2)
            .max(2);
        let _ = writeln!(out, "  {:w$}  {:10} {:>6}", "op", "compute", "count");
        for ((name, compute), n) in &self.ops {
            let _ = writeln!(out, "  {name:w$}  {compute:10} {n:>6}");
        }
        let casts: Vec<String> = self
            .casts
            .iter()
            .map(|((a, b), n)| format!("{a}->{b} {n}"))
            .collect();
        let total: usize = self.casts.values().sum();
        let _ = writeln!(out, "casts: {total}{}", list_suffix(&casts));
        let t = &self.transposes;
        let fast: Vec<String> = t.fast.iter().map(|(ty, n)| format!("{ty} {n}")).collect();
        let nfast: usize = t.fast.values().sum();
        let _ = writeln!(
            out,
            "transposes: fast {nfast}{}, exact {}, unmarked {}",
            list_suffix(&fast),
            t.exact,
            t.unmarked
        );
        out
    }
}

fn list_suffix(items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!(" ({})", items.join(", "))
    }
}

/// The type an op computes in: for matmult-engine ops `in->acc` (input and result element types),
/// else the element type of its first float result, or of its first float operand (comparisons).
pub fn compute_type(f: &Func, op: OpId) -> String {
    let d = f.body.op(op);
    let elem = |v| f.body.ty(v).element_type();
    if is_matmult_engine(f, op) {
        let input = d.operands().first().and_then(|&v| elem(v));
        let acc = elem(d.result(0));
        return format!("{}->{}", opt_name(input), opt_name(acc));
    }
    let float = |s: &Scalar| s.is_float();
    let result = d.results().filter_map(elem).find(float);
    let operand = d.operands().iter().filter_map(|&v| elem(v)).find(float);
    opt_name(
        result
            .or(operand)
            .or_else(|| d.results().filter_map(elem).next()),
    )
}

fn opt_name(s: Option<Scalar>) -> String {
    s.map_or_else(|| "-".to_string(), |s| s.name().to_string())
}

/// The `precision-summary` pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct PrecisionSummaryPass;

impl Pass for PrecisionSummaryPass {
    fn run_on_module(&self, m: &mut Module, out: &mut PassOutput) -> Result<Changed, Diagnostic> {
        out.text.push_str(&PrecisionSummary::of(m).render());
        Ok(Changed::No)
    }
}

inventory::submit! {
    PassRegistration {
        argument: "precision-summary",
        name: "PrecisionSummary",
        summary: "Print op counts per op kind and compute type, the casts, and fast vs exact transposes",
        options: &[],
        create: |_| Ok(Box::new(PrecisionSummaryPass)),
    }
}
