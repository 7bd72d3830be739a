//! The op registry: each op kind declares its operands, results, attributes, traits,
//! verifier and folder once, with `define_op!`, and joins the registry from its own file.

use crate::attributes::{Attribute, DenseElements};
use crate::diagnostics::Location;
use crate::ir::{Body, Func, OpId, ValueId};
use crate::types::Type;
use rustc_hash::FxHashMap;
use std::sync::{Arc, OnceLock};

/// Op traits, as bit flags in `OpDef::traits`.
pub mod traits {
    /// No side effects: unused results make the op dead; identical ops may be merged.
    pub const PURE: u32 = 1;
    /// Operands may be swapped (`a op b == b op a`).
    pub const COMMUTATIVE: u32 = 2;
    /// Ends the block.
    pub const TERMINATOR: u32 = 4;
    /// All operands and results share one type (enables the short custom form `: T`).
    pub const SAME_OPERANDS_AND_RESULT_TYPE: u32 = 8;
    /// Produces a constant from its attributes alone.
    pub const CONSTANT_LIKE: u32 = 16;
    /// Elementwise over its operands.
    pub const ELEMENTWISE: u32 = 32;
}

/// How many operands or results an op takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arity {
    /// Exactly `n`.
    Exact(usize),
    /// At least `n` (the rest variadic).
    AtLeast(usize),
}

impl Arity {
    /// True if `n` fits.
    pub fn accepts(self, n: usize) -> bool {
        match self {
            Arity::Exact(k) => n == k,
            Arity::AtLeast(k) => n >= k,
        }
    }

    /// Text for diagnostics: `2`, `at least 1`.
    pub fn describe(self) -> String {
        match self {
            Arity::Exact(k) => k.to_string(),
            Arity::AtLeast(k) => format!("at least {k}"),
        }
    }
}

/// The kind of attribute an op expects under a name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrKind {
    /// Integer attribute.
    Integer,
    /// Float attribute.
    Float,
    /// String attribute.
    String,
    /// Bool attribute.
    Bool,
    /// Unit attribute.
    Unit,
    /// `array<i64: …>` (or an array of integers).
    I64Array,
    /// Dense elements.
    Dense,
    /// Type attribute.
    Type,
    /// Any attribute.
    Any,
}

impl AttrKind {
    /// True if `a` is of this kind.
    pub fn matches(self, a: &Attribute) -> bool {
        match self {
            AttrKind::Integer => matches!(a, Attribute::Integer(..)),
            AttrKind::Float => matches!(a, Attribute::Float(..)),
            AttrKind::String => matches!(a, Attribute::String(_)),
            AttrKind::Bool => matches!(a, Attribute::Bool(_)),
            AttrKind::Unit => matches!(a, Attribute::Unit),
            AttrKind::I64Array => a.as_i64_list().is_some(),
            AttrKind::Dense => matches!(a, Attribute::Dense(_)),
            AttrKind::Type => matches!(a, Attribute::Type(_)),
            AttrKind::Any => true,
        }
    }

    /// Name for diagnostics.
    pub fn describe(self) -> &'static str {
        match self {
            AttrKind::Integer => "an integer attribute",
            AttrKind::Float => "a float attribute",
            AttrKind::String => "a string attribute",
            AttrKind::Bool => "a bool attribute",
            AttrKind::Unit => "a unit attribute",
            AttrKind::I64Array => "an i64 array attribute",
            AttrKind::Dense => "a dense elements attribute",
            AttrKind::Type => "a type attribute",
            AttrKind::Any => "an attribute",
        }
    }
}

/// One declared attribute of an op.
#[derive(Clone, Copy, Debug)]
pub struct AttrSpec {
    /// Attribute name.
    pub name: &'static str,
    /// Expected kind.
    pub kind: AttrKind,
    /// True if it must be present.
    pub required: bool,
}

/// Typed extraction of an attribute for generated accessors.
pub trait AttrConstraint {
    /// The Rust type an accessor returns.
    type Out;
    /// The kind checked by the generic verifier.
    const KIND: AttrKind;
    /// Extracts the value.
    fn extract(a: &Attribute) -> Option<Self::Out>;
}

macro_rules! attr_constraint {
    ($(#[$m:meta])* $name:ident, $kind:ident, $out:ty, |$a:ident| $e:expr) => {
        $(#[$m])*
        pub struct $name;
        impl AttrConstraint for $name {
            type Out = $out;
            const KIND: AttrKind = AttrKind::$kind;
            fn extract($a: &Attribute) -> Option<$out> {
                $e
            }
        }
    };
}

attr_constraint!(/// An integer attribute, read as `i64`.
    IntAttr, Integer, i64, |a| a.as_int());
attr_constraint!(/// A float attribute, read as `f64`.
    FloatAttr, Float, f64, |a| a.as_f64());
attr_constraint!(/// A string attribute.
    StrAttr, String, Arc<str>, |a| match a { Attribute::String(s) => Some(s.clone()), _ => None });
attr_constraint!(/// A bool attribute.
    BoolAttr, Bool, bool, |a| a.as_bool());
attr_constraint!(/// A unit attribute (presence is the value).
    UnitAttr, Unit, (), |a| matches!(a, Attribute::Unit).then_some(()));
attr_constraint!(/// An `array<i64: …>` attribute.
    I64ArrayAttr, I64Array, Vec<i64>, |a| a.as_i64_list());
attr_constraint!(/// A dense elements attribute.
    DenseAttr, Dense, Arc<DenseElements>, |a| a.as_dense().cloned());
attr_constraint!(/// A type attribute.
    TypeAttr, Type, Type, |a| a.as_type().cloned());
attr_constraint!(/// Any attribute.
    AnyAttr, Any, Attribute, |a| Some(a.clone()));

/// The outcome of folding an op's single result.
#[derive(Clone, Debug)]
pub enum FoldResult {
    /// The result equals this existing value.
    Value(ValueId),
    /// The result is this constant.
    Constant(Attribute),
}

/// Verifies op-specific rules; returns the error message.
pub type VerifyFn = fn(&Func, OpId) -> Result<(), String>;
/// Folds an op given its operands' constant values (if known).
pub type FoldFn = fn(&Body, OpId, &[Option<Attribute>]) -> Option<FoldResult>;
/// Applies op-specific rewrite patterns; returns true if it changed the body.
pub type CanonicalizeFn = fn(&mut Body, OpId) -> bool;
/// Materializes a constant of a type before an anchor op; returns the new value.
pub type MaterializeFn = fn(&mut Body, &Attribute, &Type, Location, OpId) -> Option<ValueId>;

/// The definition of an op kind.
#[derive(Debug)]
pub struct OpDef {
    /// Full name, `dialect.op`.
    pub name: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    /// Operand names in order (the last may be variadic).
    pub operand_names: &'static [&'static str],
    /// Operand count rule.
    pub operands: Arity,
    /// Result names in order.
    pub result_names: &'static [&'static str],
    /// Result count rule.
    pub results: Arity,
    /// Declared attributes.
    pub attrs: &'static [AttrSpec],
    /// Trait flags (`traits::*`).
    pub traits: u32,
    /// Op-specific verifier.
    pub verify: Option<VerifyFn>,
    /// Folder.
    pub fold: Option<FoldFn>,
    /// Rewrite patterns used by `canonicalize`.
    pub canonicalize: Option<CanonicalizeFn>,
}

impl OpDef {
    /// The dialect prefix of the name.
    pub fn dialect(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(d, _)| d)
    }

    /// True if the op has trait `t`.
    pub fn has_trait(&self, t: u32) -> bool {
        self.traits & t != 0
    }
}

/// An entry of the op registry (submitted by `define_op!`).
pub struct OpRegistration(pub fn() -> &'static OpDef);
inventory::collect!(OpRegistration);

/// A dialect: its name, summary and constant materializer.
pub struct DialectDef {
    /// Dialect namespace.
    pub name: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    /// Builds a constant op of this dialect (used by folding).
    pub materialize_constant: Option<MaterializeFn>,
}
inventory::collect!(DialectDef);

fn table() -> &'static FxHashMap<&'static str, &'static OpDef> {
    static TABLE: OnceLock<FxHashMap<&'static str, &'static OpDef>> = OnceLock::new();
    TABLE.get_or_init(|| {
        inventory::iter::<OpRegistration>
            .into_iter()
            .map(|r| (r.0)())
            .map(|d| (d.name, d))
            .collect()
    })
}

/// The registered op named `name`.
pub fn lookup(name: &str) -> Option<&'static OpDef> {
    table().get(name).copied()
}

/// Every registered op, sorted by name.
pub fn all_ops() -> Vec<&'static OpDef> {
    let mut v: Vec<_> = table().values().copied().collect();
    v.sort_by_key(|d| d.name);
    v
}

/// The registered dialect named `name`.
pub fn dialect(name: &str) -> Option<&'static DialectDef> {
    inventory::iter::<DialectDef>
        .into_iter()
        .find(|d| d.name == name)
}

/// True if a dialect of this name is registered.
pub fn is_registered_dialect(name: &str) -> bool {
    dialect(name).is_some()
}

/// A typed view of one registered op kind, generated by `define_op!`.
pub trait OpView: Copy {
    /// The op's definition.
    fn def() -> &'static OpDef;
    /// Wraps a handle without checking.
    fn wrap(id: OpId) -> Self;
    /// The handle.
    fn id(self) -> OpId;
    /// The view if `id` is this kind of op.
    fn cast(body: &Body, id: OpId) -> Option<Self> {
        body.op(id).kind.is(Self::def()).then(|| Self::wrap(id))
    }
}

/// Declares an op kind: a typed view struct, its `OpDef`, and its registration.
///
/// ```ignore
/// define_op! {
///     /// Elementwise addition.
///     pub struct AddOp = "nn.add" {
///         summary: "elementwise addition",
///         operands: [lhs, rhs],
///         results: [result],
///         attrs: [],
///         traits: traits::PURE | traits::COMMUTATIVE,
///         verify: None, fold: None, canonicalize: None,
///     }
/// }
/// ```
/// A trailing `..name` in `operands` makes the rest variadic; each attribute is
/// `required name: Kind` or `optional name: Kind` (kinds: `IntAttr`, `I64ArrayAttr`, …).
#[macro_export]
macro_rules! define_op {
    (
        $(#[$meta:meta])*
        pub struct $view:ident = $name:literal {
            summary: $summary:literal,
            operands: [$($opnd:ident),* $(, ..$var:ident)? $(..$only_var:ident)?],
            results: [$($res:ident),*],
            attrs: [$($req:ident $attr:ident : $akind:ty),* $(,)?],
            traits: $traits:expr,
            verify: $verify:expr,
            fold: $fold:expr,
            canonicalize: $canon:expr $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $view(pub $crate::ir::OpId);

        impl $crate::registry::OpView for $view {
            fn def() -> &'static $crate::registry::OpDef {
                static DEF: $crate::registry::OpDef = $crate::registry::OpDef {
                    name: $name,
                    summary: $summary,
                    operand_names: &[$(stringify!($opnd)),* $(, stringify!($var))? $(stringify!($only_var))?],
                    operands: $crate::define_op!(@arity [$($opnd),*] $($var)? $($only_var)?),
                    result_names: &[$(stringify!($res)),*],
                    results: $crate::registry::Arity::Exact($crate::define_op!(@count $($res)*)),
                    attrs: &[$($crate::registry::AttrSpec {
                        name: stringify!($attr),
                        kind: <$akind as $crate::registry::AttrConstraint>::KIND,
                        required: $crate::define_op!(@required $req),
                    }),*],
                    traits: $traits,
                    verify: $verify,
                    fold: $fold,
                    canonicalize: $canon,
                };
                &DEF
            }
            fn wrap(id: $crate::ir::OpId) -> Self { $view(id) }
            fn id(self) -> $crate::ir::OpId { self.0 }
        }

        #[allow(dead_code)]
        impl $view {
            $crate::define_op!(@operands 0usize; $($opnd)*);
            $(
                /// The variadic operands.
                pub fn $var(self, body: &$crate::ir::Body) -> &[$crate::ir::ValueId] {
                    &body.op(self.0).operands()[<$view as $crate::registry::OpView>::def().operand_names.len() - 1..]
                }
            )?
            $(
                /// The variadic operands.
                pub fn $only_var(self, body: &$crate::ir::Body) -> &[$crate::ir::ValueId] {
                    body.op(self.0).operands()
                }
            )?
            $crate::define_op!(@results 0usize; $($res)*);
            $(
                /// Typed accessor of the attribute of the same name.
                pub fn $attr(self, body: &$crate::ir::Body)
                    -> Option<<$akind as $crate::registry::AttrConstraint>::Out> {
                    body.op(self.0).attr(stringify!($attr))
                        .and_then(<$akind as $crate::registry::AttrConstraint>::extract)
                }
            )*
        }

        $crate::inventory::submit! {
            $crate::registry::OpRegistration(<$view as $crate::registry::OpView>::def)
        }
    };
    (@count) => { 0usize };
    (@count $head:tt $($tail:tt)*) => { 1usize + $crate::define_op!(@count $($tail)*) };
    (@arity [$($o:ident),*]) => { $crate::registry::Arity::Exact($crate::define_op!(@count $($o)*)) };
    (@arity [$($o:ident),*] $v:ident) => { $crate::registry::Arity::AtLeast($crate::define_op!(@count $($o)*)) };
    (@required required) => { true };
    (@required optional) => { false };
    (@operands $i:expr;) => {};
    (@operands $i:expr; $head:ident $($tail:ident)*) => {
        /// Typed accessor of the operand of the same name.
        pub fn $head(self, body: &$crate::ir::Body) -> $crate::ir::ValueId {
            body.op(self.0).operands()[$i]
        }
        $crate::define_op!(@operands $i + 1usize; $($tail)*);
    };
    (@results $i:expr;) => {};
    (@results $i:expr; $head:ident $($tail:ident)*) => {
        /// Typed accessor of the result of the same name.
        pub fn $head(self, body: &$crate::ir::Body) -> $crate::ir::ValueId {
            body.op(self.0).result($i)
        }
        $crate::define_op!(@results $i + 1usize; $($tail)*);
    };
}

/// A map from op kinds to values (kernels, lowering rules, cost functions), keyed by the
/// identity of their definitions, so consumers dispatch on kinds without comparing names.
pub struct OpTable<T> {
    map: FxHashMap<usize, T>,
}

impl<T: Copy> OpTable<T> {
    /// Builds the table from `(definition, value)` pairs.
    pub fn new(entries: impl IntoIterator<Item = (&'static OpDef, T)>) -> OpTable<T> {
        let map = entries
            .into_iter()
            .map(|(d, v)| (Self::key(d), v))
            .collect();
        OpTable { map }
    }

    /// The value of an op kind, if the table has one.
    pub fn get(&self, def: &'static OpDef) -> Option<T> {
        self.map.get(&Self::key(def)).copied()
    }

    fn key(def: &'static OpDef) -> usize {
        def as *const OpDef as usize
    }
}
