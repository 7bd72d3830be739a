//! The engine shared by the fast-math passes: the module's fast-math settings, cast insertion
//! around matmult-engine ops (or around every FP32 op), and the relayout marks of transposes.
//!
//! Each pass records what it applied in the module attribute `nn.fast_math` (a dictionary) and
//! re-derives every transpose mark from the combined settings, so the order in which the
//! sub-option passes run never changes the final program, and running a pass twice changes nothing.

use neuron_ir::diagnostics::Location;
use neuron_ir::ir::Use;
use neuron_ir::{
    traits, Attribute, Diagnostic, Func, Module, NamedAttr, OpId, OpSpec, OpView, Scalar, Type,
    ValueId,
};
use neuron_nn::{BatchMatmulOp, CastOp, Conv2dOp, GemmOp, MatMulOp, TransposeOp};
use neuron_pass::Changed;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// Module attribute holding the fast-math settings applied so far (a dictionary).
pub const SETTINGS_ATTR: &str = "nn.fast_math";
/// Op attribute that keeps an op out of every cast pass when it is `"fp32"` (used by the tuner).
pub const PRECISION_ATTR: &str = "nn.precision";
/// Transpose attribute: `"fast"` (identity matmul on the matmult engine) or `"exact"` (data movement).
pub const RELAYOUT_ATTR: &str = "nn.relayout";
/// Transpose attribute: the type a fast transpose runs in.
pub const RELAYOUT_TYPE_ATTR: &str = "nn.relayout_type";

/// Which FP32 ops a cast setting narrows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CastScope {
    /// None: FP32 stays FP32 (neuronx-cc `--auto-cast none`).
    None,
    /// Only matmult-engine ops (matmul, batch_matmul, gemm, conv2d).
    Matmult,
    /// Every FP32 op.
    All,
}

impl CastScope {
    fn word(self) -> &'static str {
        match self {
            CastScope::None => "none",
            CastScope::Matmult => "matmult",
            CastScope::All => "all",
        }
    }

    fn from_word(w: &str) -> Option<CastScope> {
        [CastScope::None, CastScope::Matmult, CastScope::All]
            .into_iter()
            .find(|s| s.word() == w)
    }
}

/// One cast setting: which ops are narrowed, to what type, and the type fast transposes use under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CastSetting {
    /// Which ops are narrowed.
    pub scope: CastScope,
    /// The narrow type.
    pub ty: Scalar,
    /// The type matmult-engine transposes use under `fast-relayout`.
    pub transpose_ty: Scalar,
}

/// How transposes run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relayout {
    /// On the matmult engine, by identity matmul in a 16-bit type (lossy, fast).
    Fast,
    /// As byte-by-byte data movement (exact, slower).
    Exact,
}

/// The fast-math settings recorded in a module.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// The cast setting, once a cast pass ran.
    pub cast: Option<CastSetting>,
    /// The relayout setting, once a relayout pass ran.
    pub relayout: Option<Relayout>,
    /// `Some(true)`: reductions accumulate in FP32; `Some(false)`: in the narrow type.
    pub fp32_accumulation: Option<bool>,
    /// ±Inf becomes ±MAX before compiler-introduced transposes.
    pub saturate_infinity: bool,
}

impl Settings {
    /// The type fast transposes run in: the cast setting's choice, BF16 when no cast pass ran.
    pub fn relayout_type(&self) -> Scalar {
        self.cast.map_or(Scalar::BF16, |c| c.transpose_ty)
    }

    /// Reads the settings of a module (empty if none were recorded).
    pub fn read(m: &Module) -> Result<Settings, Diagnostic> {
        let Some(attr) = m.attrs.iter().find(|a| &*a.name == SETTINGS_ATTR) else {
            return Ok(Settings::default());
        };
        let bad = || {
            Diagnostic::error(
                m.loc.clone(),
                format!("malformed '{SETTINGS_ATTR}' module attribute"),
            )
        };
        let Attribute::Dict(entries) = &attr.value else {
            return Err(bad());
        };
        let get = |k: &str| entries.iter().find(|e| &*e.name == k).map(|e| &e.value);
        let type_of = |k: &str| {
            get(k)
                .and_then(|a| a.as_type())
                .and_then(Type::element_type)
        };
        let cast = match get("cast").and_then(Attribute::as_str) {
            None => None,
            Some(w) => {
                let scope = CastScope::from_word(w).ok_or_else(bad)?;
                let ty = type_of("cast_type").unwrap_or(Scalar::F32);
                let transpose_ty = type_of("transpose_type").unwrap_or(Scalar::BF16);
                Some(CastSetting {
                    scope,
                    ty,
                    transpose_ty,
                })
            }
        };
        let relayout = match get("relayout").and_then(Attribute::as_str) {
            None => None,
            Some("fast") => Some(Relayout::Fast),
            Some("exact") => Some(Relayout::Exact),
            Some(_) => return Err(bad()),
        };
        let fp32_accumulation = get("accumulation")
            .and_then(Attribute::as_str)
            .map(|w| w == "fp32");
        let saturate_infinity = get("saturate_infinity").is_some();
        Ok(Settings {
            cast,
            relayout,
            fp32_accumulation,
            saturate_infinity,
        })
    }

    /// Writes the settings into the module, in a canonical form: the transpose type is kept only
    /// while transposes may still run fast, so settings that mean the same program are equal.
    pub fn write(&self, m: &mut Module) {
        let mut d: Vec<NamedAttr> = Vec::new();
        let mut put = |k: &str, v: Attribute| {
            d.push(NamedAttr {
                name: k.into(),
                value: v,
            })
        };
        if let Some(acc) = self.fp32_accumulation {
            put(
                "accumulation",
                Attribute::string(if acc { "fp32" } else { "narrow" }),
            );
        }
        if let Some(c) = self.cast {
            put("cast", Attribute::string(c.scope.word()));
            if c.scope != CastScope::None {
                put("cast_type", Attribute::Type(Type::Scalar(c.ty)));
            }
        }
        if let Some(r) = self.relayout {
            put(
                "relayout",
                Attribute::string(if r == Relayout::Fast { "fast" } else { "exact" }),
            );
        }
        if self.saturate_infinity {
            put("saturate_infinity", Attribute::Unit);
        }
        let fast_possible = self.relayout != Some(Relayout::Exact);
        if let (Some(c), true) = (self.cast, fast_possible) {
            put(
                "transpose_type",
                Attribute::Type(Type::Scalar(c.transpose_ty)),
            );
        }
        set_attr(&mut m.attrs, SETTINGS_ATTR, Attribute::Dict(Arc::from(d)));
    }

    /// True if two cast settings give the same program under the current relayout setting.
    fn same_cast(&self, a: CastSetting, b: CastSetting) -> bool {
        let fast_possible = self.relayout != Some(Relayout::Exact);
        a.scope == b.scope
            && (a.scope == CastScope::None || a.ty == b.ty)
            && (!fast_possible || a.transpose_ty == b.transpose_ty)
    }
}

/// Sets `name` in a name-sorted attribute list; returns true if the list changed.
pub fn set_attr(attrs: &mut Vec<NamedAttr>, name: &str, value: Attribute) -> bool {
    match attrs.binary_search_by(|a| (*a.name).cmp(name)) {
        Ok(i) if attrs[i].value == value => false,
        Ok(i) => {
            attrs[i].value = value;
            true
        }
        Err(i) => {
            attrs.insert(
                i,
                NamedAttr {
                    name: name.into(),
                    value,
                },
            );
            true
        }
    }
}

/// Removes `name` from an attribute list; returns true if it was there.
pub fn remove_attr(attrs: &mut Vec<NamedAttr>, name: &str) -> bool {
    let before = attrs.len();
    attrs.retain(|a| &*a.name != name);
    attrs.len() != before
}

fn conflict(m: &Module, pass: &str, what: &str) -> Diagnostic {
    Diagnostic::error(
        m.loc.clone(),
        format!(
            "fast-math pass '{pass}' conflicts with the {what} applied earlier in this pipeline"
        ),
    )
}

/// Applies a cast setting to the module (the body of every cast pass).
pub fn apply_cast(m: &mut Module, pass: &str, setting: CastSetting) -> Result<Changed, Diagnostic> {
    let mut s = Settings::read(m)?;
    if let Some(old) = s.cast {
        if !s.same_cast(old, setting) {
            return Err(conflict(m, pass, "cast setting"));
        }
        return Ok(update_marks(m, &s));
    }
    s.cast = Some(setting);
    s.write(m);
    if setting.scope != CastScope::None {
        for f in &mut m.funcs {
            cast_function(f, setting);
        }
    }
    update_marks(m, &s);
    Ok(Changed::Yes)
}

/// Applies a relayout setting (the body of `fast-relayout` and `no-fast-relayout`).
pub fn apply_relayout(
    m: &mut Module,
    pass: &str,
    relayout: Relayout,
) -> Result<Changed, Diagnostic> {
    let mut s = Settings::read(m)?;
    match s.relayout {
        Some(r) if r != relayout => return Err(conflict(m, pass, "relayout setting")),
        Some(_) => return Ok(update_marks(m, &s)),
        None => s.relayout = Some(relayout),
    }
    s.write(m);
    update_marks(m, &s);
    Ok(Changed::Yes)
}

/// Records a flag-like setting (accumulation, saturation) through `update`.
pub fn apply_flag(
    m: &mut Module,
    update: impl FnOnce(&mut Settings),
) -> Result<Changed, Diagnostic> {
    let mut s = Settings::read(m)?;
    let before = s.clone();
    update(&mut s);
    if s == before && m.attrs.iter().any(|a| &*a.name == SETTINGS_ATTR) {
        return Ok(Changed::No);
    }
    s.write(m);
    Ok(Changed::Yes)
}

/// Marks every transpose as the relayout setting says; true if any mark changed.
fn update_marks(m: &mut Module, s: &Settings) -> Changed {
    let Some(relayout) = s.relayout else {
        return Changed::No;
    };
    let ty = s.relayout_type();
    let mut changed = false;
    for f in &mut m.funcs {
        let transposes: Vec<OpId> = f
            .body
            .ops()
            .filter(|&op| TransposeOp::cast(&f.body, op).is_some())
            .collect();
        for op in transposes {
            let attrs = &mut f.body.op_mut(op).attrs;
            changed |= match relayout {
                Relayout::Fast => {
                    let a = set_attr(attrs, RELAYOUT_ATTR, Attribute::string("fast"));
                    a | set_attr(attrs, RELAYOUT_TYPE_ATTR, Attribute::Type(Type::Scalar(ty)))
                }
                Relayout::Exact => {
                    let a = set_attr(attrs, RELAYOUT_ATTR, Attribute::string("exact"));
                    a | remove_attr(attrs, RELAYOUT_TYPE_ATTR)
                }
            };
        }
    }
    Changed::from(changed)
}

/// True for the ops the matmult engine runs: matmul, batch_matmul, gemm, conv2d.
pub fn is_matmult_engine(f: &Func, op: OpId) -> bool {
    let b = &f.body;
    MatMulOp::cast(b, op).is_some()
        || BatchMatmulOp::cast(b, op).is_some()
        || GemmOp::cast(b, op).is_some()
        || Conv2dOp::cast(b, op).is_some()
}

fn float_types(f: &Func, op: OpId) -> impl Iterator<Item = Scalar> + '_ {
    let d = f.body.op(op);
    let operands = d.operands().iter().map(|&v| f.body.ty(v));
    let results = d.results().map(|r| f.body.ty(r));
    operands
        .chain(results)
        .filter_map(Type::element_type)
        .filter(|s| s.is_float())
}

/// True if a cast setting of `scope` narrows `op`: an `nn` op (not a constant or cast) computing in
/// FP32 — every float operand and result is f32 — and not pinned with `nn.precision = "fp32"`.
pub fn is_castable(f: &Func, op: OpId, scope: CastScope) -> bool {
    let d = f.body.op(op);
    let Some(def) = d.def() else { return false };
    let in_scope = match scope {
        CastScope::None => false,
        CastScope::Matmult => is_matmult_engine(f, op),
        CastScope::All => true,
    };
    let pinned = d.attr(PRECISION_ATTR).and_then(Attribute::as_str) == Some("fp32");
    let mut floats = float_types(f, op).peekable();
    in_scope
        && def.dialect() == "nn"
        && !def.has_trait(traits::CONSTANT_LIKE)
        && CastOp::cast(&f.body, op).is_none()
        && !pinned
        && floats.peek().is_some()
        && floats.all(|s| s == Scalar::F32)
}

/// Number of leading operands of a matmult-engine op that are narrowed (not the bias).
fn narrowed_operands(f: &Func, op: OpId) -> usize {
    if is_matmult_engine(f, op) {
        2
    } else {
        f.body.op(op).operands().len()
    }
}

/// Inserts the casts of one function: castable ops read narrow operands; their FP32 results
/// become narrow (matmult-engine results stay FP32: partial sums accumulate in FP32); users
/// that are not narrowed (the return, pinned or integer ops) read a cast back to FP32.
/// The function's signature never changes.
pub fn cast_function(f: &mut Func, s: CastSetting) {
    let ops: Vec<OpId> = f
        .body
        .ops()
        .filter(|&op| is_castable(f, op, s.scope))
        .collect();
    let converted: FxHashSet<OpId> = ops.iter().copied().collect();
    let mut narrow: FxHashMap<ValueId, ValueId> = FxHashMap::default();
    for &op in &ops {
        let loc = f.body.op(op).loc.clone();
        for i in 0..narrowed_operands(f, op) {
            let v = f.body.op(op).operands()[i];
            if f.body.ty(v).element_type() == Some(Scalar::F32) {
                let nv = *narrow
                    .entry(v)
                    .or_insert_with(|| insert_cast(f, v, s.ty, op, loc.clone()));
                f.body.set_operand(op, i, nv);
            }
        }
        if !is_matmult_engine(f, op) {
            narrow_results(f, op, s.ty, &converted);
        }
    }
}

/// Creates `cast(v)` to `ty` right before `anchor`; returns the cast value.
fn insert_cast(f: &mut Func, v: ValueId, ty: Scalar, anchor: OpId, loc: Location) -> ValueId {
    let to = f.body.ty(v).with_element_type(ty);
    let spec = OpSpec::new(CastOp::def(), loc)
        .operands(&[v])
        .results(&[to]);
    let c = f.body.insert_before(anchor, spec);
    f.body.op(c).result(0)
}

/// Retypes the FP32 results of `op` to `ty`; users outside `converted` get a cast back to FP32.
fn narrow_results(f: &mut Func, op: OpId, ty: Scalar, converted: &FxHashSet<OpId>) {
    let results: Vec<ValueId> = f.body.op(op).results().collect();
    for r in results {
        let wide = f.body.ty(r).clone();
        if wide.element_type() != Some(Scalar::F32) {
            continue;
        }
        f.body.set_type(r, wide.with_element_type(ty));
        let keeps_fp32 = |u: &&Use| {
            !converted.contains(&u.op) || (u.index as usize) >= narrowed_operands(f, u.op)
        };
        let outside: Vec<Use> = f
            .body
            .value(r)
            .uses()
            .iter()
            .filter(keeps_fp32)
            .copied()
            .collect();
        if outside.is_empty() {
            continue;
        }
        let loc = f.body.op(op).loc.clone();
        let spec = OpSpec::new(CastOp::def(), loc)
            .operands(&[r])
            .results(&[wide]);
        let back = f.body.insert_after(op, spec);
        let back = f.body.op(back).result(0);
        for u in outside {
            f.body.set_operand(u.op, u.index as usize, back);
        }
    }
}

/// Declares a registered fast-math pass: its struct, a `Pass` impl whose module body is
/// `$body` (with the module bound to `$m`), and its registration.
#[macro_export]
macro_rules! fast_math_pass {
    ($(#[$meta:meta])* $name:ident, $arg:literal, $summary:literal, |$m:ident| $body:expr) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, Default)]
        pub struct $name;

        impl neuron_pass::Pass for $name {
            fn run_on_module(
                &self,
                $m: &mut neuron_ir::Module,
                _: &mut neuron_pass::PassOutput,
            ) -> Result<neuron_pass::Changed, neuron_ir::Diagnostic> {
                $body
            }
        }

        inventory::submit! {
            neuron_pass::PassRegistration {
                argument: $arg,
                name: stringify!($name),
                summary: $summary,
                options: &[],
                create: |_| Ok(Box::new($name)),
            }
        }
    };
}

/// Declares a registered cast pass applying one `CastSetting`.
#[macro_export]
macro_rules! cast_pass {
    ($(#[$meta:meta])* $name:ident, $arg:literal, $summary:literal, $scope:ident, $ty:ident, $tty:ident) => {
        $crate::fast_math_pass!($(#[$meta])* $name, $arg, $summary, |m| {
            let setting = $crate::fast_math::CastSetting {
                scope: $crate::fast_math::CastScope::$scope,
                ty: neuron_ir::Scalar::$ty,
                transpose_ty: neuron_ir::Scalar::$tty,
            };
            $crate::fast_math::apply_cast(m, $arg, setting)
        });
    };
}

/// Declares a registered relayout pass applying one `Relayout`.
#[macro_export]
macro_rules! relayout_pass {
    ($(#[$meta:meta])* $name:ident, $arg:literal, $summary:literal, $relayout:ident) => {
        $crate::fast_math_pass!($(#[$meta])* $name, $arg, $summary, |m| {
            $crate::fast_math::apply_relayout(m, $arg, $crate::fast_math::Relayout::$relayout)
        });
    };
}
