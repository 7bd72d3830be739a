//! Attributes: compile-time constant data attached to operations.

use crate::numerics;
use crate::types::{Scalar, TensorType, Type};
use std::sync::Arc;

/// An attribute value, MLIR-style.
#[derive(Clone, Debug, PartialEq)]
pub enum Attribute {
    /// `7 : i64` (also index and i1 as integers); the type is integer or index.
    Integer(i64, Scalar),
    /// A float, stored as the bit pattern of its type: `2.5 : f32`, `0x7FC00000 : f32`.
    Float(u64, Scalar),
    /// `"text"`.
    String(Arc<str>),
    /// `true` / `false`.
    Bool(bool),
    /// `unit`.
    Unit,
    /// `[a, b]`.
    Array(Arc<[Attribute]>),
    /// `array<i64: 1, 0>`: a dense array of integers or floats.
    DenseArray(Arc<DenseArray>),
    /// `{k = v}`.
    Dict(Arc<[NamedAttr]>),
    /// A type used as an attribute.
    Type(Type),
    /// `dense<…> : tensor<…>`.
    Dense(Arc<DenseElements>),
    /// `@symbol`.
    SymbolRef(Arc<str>),
}

/// A named attribute `name = value`.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedAttr {
    /// The attribute's name.
    pub name: Arc<str>,
    /// Its value.
    pub value: Attribute,
}

/// `array<T: …>` contents.
#[derive(Clone, Debug, PartialEq)]
pub enum DenseArray {
    /// An integer element type and its values.
    Int(Scalar, Vec<i64>),
    /// A float element type and its values' bit patterns.
    Float(Scalar, Vec<u64>),
}

/// `dense<…>` contents: raw little-endian element storage for a tensor type.
///
/// A buffer holding exactly one element is a splat (every element has that value),
/// as in MLIR's `DenseElementsAttr`.
#[derive(Clone, Debug, PartialEq)]
pub struct DenseElements {
    /// The tensor type.
    pub ty: Arc<TensorType>,
    /// Little-endian element bytes: one element (splat) or all of them.
    pub data: Vec<u8>,
}

impl DenseElements {
    /// Builds from element bytes, checking the size; `None` if it is neither a splat nor full.
    pub fn new(ty: Arc<TensorType>, data: Vec<u8>) -> Option<DenseElements> {
        let eb = ty.elem.storage_bytes();
        let ok = data.len() == eb || data.len() == eb * ty.num_elements();
        ok.then_some(DenseElements { ty, data })
    }

    /// True if every element shares one stored value.
    pub fn is_splat(&self) -> bool {
        self.data.len() == self.ty.elem.storage_bytes()
    }

    /// Raw bits of element `i` (for a splat, every `i` gives the one value).
    pub fn raw(&self, i: usize) -> u64 {
        let eb = self.ty.elem.storage_bytes();
        let start = if self.is_splat() { 0 } else { i * eb };
        let mut buf = [0u8; 8];
        buf[..eb].copy_from_slice(&self.data[start..start + eb]);
        u64::from_le_bytes(buf)
    }

    /// Element `i` as `f64` (floats decoded, integers by their signedness; i1 is 0 or 1).
    pub fn get_f64(&self, i: usize) -> f64 {
        numerics::bits_to_f64(self.ty.elem, self.raw(i))
    }

    /// Element `i` as an integer: sign-extended, or zero-extended for unsigned types (`ui64`
    /// gives its bit pattern).
    pub fn get_i64(&self, i: usize) -> i64 {
        self.ty.elem.decode_int(self.raw(i))
    }

    /// Builds a dense attribute from `f64` values (one value = splat), rounding to the element type.
    pub fn from_f64(ty: Arc<TensorType>, values: &[f64]) -> Option<DenseElements> {
        let eb = ty.elem.storage_bytes();
        let mut data = Vec::with_capacity(values.len() * eb);
        for &v in values {
            let bits = numerics::f64_to_bits(ty.elem, v);
            data.extend_from_slice(&bits.to_le_bytes()[..eb]);
        }
        DenseElements::new(ty, data)
    }
}

impl Attribute {
    /// A float attribute of type `ty` holding `x` rounded to that type.
    pub fn float(x: f64, ty: Scalar) -> Attribute {
        Attribute::Float(numerics::f64_to_bits(ty, x), ty)
    }

    /// A string attribute.
    pub fn string(s: &str) -> Attribute {
        Attribute::String(s.into())
    }

    /// An `array<i64: …>` attribute.
    pub fn i64_array(values: &[i64]) -> Attribute {
        Attribute::DenseArray(Arc::new(DenseArray::Int(Scalar::I64, values.to_vec())))
    }

    /// The integer, if this is an integer attribute.
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Attribute::Integer(v, _) => Some(*v),
            _ => None,
        }
    }

    /// The float value, if this is a float attribute.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Attribute::Float(bits, ty) => Some(numerics::bits_to_f64(*ty, *bits)),
            _ => None,
        }
    }

    /// The string, if this is a string attribute.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Attribute::String(s) => Some(s),
            _ => None,
        }
    }

    /// The bool, if this is a bool attribute.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Attribute::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integers of an `array<iN: …>` attribute, or of an array of integer attributes.
    pub fn as_i64_list(&self) -> Option<Vec<i64>> {
        match self {
            Attribute::DenseArray(a) => match &**a {
                DenseArray::Int(_, v) => Some(v.clone()),
                DenseArray::Float(..) => None,
            },
            Attribute::Array(items) => items.iter().map(Attribute::as_int).collect(),
            _ => None,
        }
    }

    /// The dense elements, if this is a `dense<…>` attribute.
    pub fn as_dense(&self) -> Option<&Arc<DenseElements>> {
        match self {
            Attribute::Dense(d) => Some(d),
            _ => None,
        }
    }

    /// The type, if this is a type attribute.
    pub fn as_type(&self) -> Option<&Type> {
        match self {
            Attribute::Type(t) => Some(t),
            _ => None,
        }
    }

    /// A short word naming the attribute's kind, for diagnostics.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Attribute::Integer(..) => "integer",
            Attribute::Float(..) => "float",
            Attribute::String(_) => "string",
            Attribute::Bool(_) => "bool",
            Attribute::Unit => "unit",
            Attribute::Array(_) => "array",
            Attribute::DenseArray(_) => "dense array",
            Attribute::Dict(_) => "dictionary",
            Attribute::Type(_) => "type",
            Attribute::Dense(_) => "dense elements",
            Attribute::SymbolRef(_) => "symbol reference",
        }
    }
}
