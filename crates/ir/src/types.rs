//! Types of the IR: scalar element types, ranked static tensors and function types.

use smallvec::SmallVec;
use std::fmt;
use std::sync::Arc;

/// A scalar (element) type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    /// IEEE binary32.
    F32,
    /// IEEE binary16.
    F16,
    /// bfloat16: FP32 range, 8 significant bits.
    BF16,
    /// TensorFloat-32: FP32 range, 11 significant bits (stored in 32 bits).
    TF32,
    /// FP8 E4M3, finite-only variant (no Inf, max 448).
    F8E4M3FN,
    /// FP8 E5M2.
    F8E5M2,
    /// FP8 E4M3, finite-only, unsigned zero (0x80 is the one NaN; max 240, bias 8).
    F8E4M3FNUZ,
    /// FP8 E5M2, finite-only, unsigned zero (0x80 is the one NaN; max 57344, bias 16).
    F8E5M2FNUZ,
    /// FP4 E2M1, finite-only without NaN (values 0, 0.5, 1, 1.5, 2, 3, 4, 6 and negatives).
    F4E2M1FN,
    /// FP8 E8M0: unsigned powers of two 2^-127 … 2^127, no zero; 0xFF is NaN.
    F8E8M0FNU,
    /// 1-bit integer (boolean).
    I1,
    /// 8-bit integer.
    I8,
    /// 16-bit integer.
    I16,
    /// 2-bit signed integer.
    I2,
    /// 4-bit signed integer.
    I4,
    /// 2-bit unsigned integer.
    UI2,
    /// 4-bit unsigned integer.
    UI4,
    /// 8-bit unsigned integer.
    UI8,
    /// 16-bit unsigned integer.
    UI16,
    /// 32-bit unsigned integer.
    UI32,
    /// 64-bit unsigned integer (the interpreter holds its values as their bit pattern).
    UI64,
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// Target index type (64 bits here).
    Index,
}

impl Scalar {
    /// Every scalar type, in a fixed order.
    pub const ALL: [Scalar; 24] = [
        Scalar::F32,
        Scalar::F16,
        Scalar::BF16,
        Scalar::TF32,
        Scalar::F8E4M3FN,
        Scalar::F8E5M2,
        Scalar::F8E4M3FNUZ,
        Scalar::F8E5M2FNUZ,
        Scalar::F4E2M1FN,
        Scalar::F8E8M0FNU,
        Scalar::I1,
        Scalar::I8,
        Scalar::I16,
        Scalar::I2,
        Scalar::I4,
        Scalar::UI2,
        Scalar::UI4,
        Scalar::UI8,
        Scalar::UI16,
        Scalar::UI32,
        Scalar::UI64,
        Scalar::I32,
        Scalar::I64,
        Scalar::Index,
    ];

    /// The MLIR spelling of this type.
    pub fn name(self) -> &'static str {
        match self {
            Scalar::F32 => "f32",
            Scalar::F16 => "f16",
            Scalar::BF16 => "bf16",
            Scalar::TF32 => "tf32",
            Scalar::F8E4M3FN => "f8E4M3FN",
            Scalar::F8E5M2 => "f8E5M2",
            Scalar::F8E4M3FNUZ => "f8E4M3FNUZ",
            Scalar::F8E5M2FNUZ => "f8E5M2FNUZ",
            Scalar::F4E2M1FN => "f4E2M1FN",
            Scalar::F8E8M0FNU => "f8E8M0FNU",
            Scalar::I1 => "i1",
            Scalar::I8 => "i8",
            Scalar::I16 => "i16",
            Scalar::I2 => "i2",
            Scalar::I4 => "i4",
            Scalar::UI2 => "ui2",
            Scalar::UI4 => "ui4",
            Scalar::UI8 => "ui8",
            Scalar::UI16 => "ui16",
            Scalar::UI32 => "ui32",
            Scalar::UI64 => "ui64",
            Scalar::I32 => "i32",
            Scalar::I64 => "i64",
            Scalar::Index => "index",
        }
    }

    /// Parses an MLIR scalar type keyword.
    pub fn from_name(s: &str) -> Option<Scalar> {
        Scalar::ALL.into_iter().find(|t| t.name() == s)
    }

    /// True for floating-point types.
    pub fn is_float(self) -> bool {
        matches!(
            self,
            Scalar::F32
                | Scalar::F16
                | Scalar::BF16
                | Scalar::TF32
                | Scalar::F8E4M3FN
                | Scalar::F8E5M2
                | Scalar::F8E4M3FNUZ
                | Scalar::F8E5M2FNUZ
                | Scalar::F4E2M1FN
                | Scalar::F8E8M0FNU
        )
    }

    /// True for integer and index types.
    pub fn is_integer(self) -> bool {
        !self.is_float()
    }

    /// True for the unsigned integer types (`ui2` … `ui64`; `i1` counts as signless).
    pub fn is_unsigned(self) -> bool {
        matches!(
            self,
            Scalar::UI2 | Scalar::UI4 | Scalar::UI8 | Scalar::UI16 | Scalar::UI32 | Scalar::UI64
        )
    }

    /// The value of an integer type's raw bits: sign-extended for signed types, zero-extended
    /// for unsigned ones (`ui64` keeps its bit pattern), 0 or 1 for `i1`.
    pub fn decode_int(self, raw: u64) -> i64 {
        let w = self.bit_width();
        if w >= 64 {
            return raw as i64;
        }
        let masked = raw & ((1u64 << w) - 1);
        if self.is_unsigned() || self == Scalar::I1 {
            masked as i64
        } else {
            let shift = 64 - w;
            ((masked << shift) as i64) >> shift
        }
    }

    /// The raw bits of an integer value in this type, wrapping (two's complement) to its width.
    pub fn encode_int(self, v: i64) -> u64 {
        let w = self.bit_width();
        if w >= 64 {
            v as u64
        } else {
            v as u64 & ((1u64 << w) - 1)
        }
    }

    /// The smallest and largest value of an integer type as the interpreter holds it
    /// (`ui64` as its bit pattern: the whole `i64` range); `None` for floats.
    pub fn int_range(self) -> Option<(i64, i64)> {
        if self.is_float() {
            return None;
        }
        let w = self.bit_width();
        Some(match (w, self.is_unsigned() || self == Scalar::I1) {
            (64, _) => (i64::MIN, i64::MAX),
            (_, true) => (0, (1i64 << w) - 1),
            (_, false) => (-(1i64 << (w - 1)), (1i64 << (w - 1)) - 1),
        })
    }

    /// An integer value of this type (as [`Scalar::decode_int`] gives it) as `f64`, reading
    /// `ui64` values as unsigned.
    pub fn int_to_f64(self, v: i64) -> f64 {
        if self == Scalar::UI64 {
            v as u64 as f64
        } else {
            v as f64
        }
    }

    /// Bit width of the value (tf32 counts 19 bits, index 64).
    pub fn bit_width(self) -> u32 {
        match self {
            Scalar::F32 | Scalar::I32 | Scalar::UI32 => 32,
            Scalar::F16 | Scalar::BF16 | Scalar::I16 | Scalar::UI16 => 16,
            Scalar::TF32 => 19,
            Scalar::F8E4M3FN
            | Scalar::F8E5M2
            | Scalar::F8E4M3FNUZ
            | Scalar::F8E5M2FNUZ
            | Scalar::F8E8M0FNU
            | Scalar::I8
            | Scalar::UI8 => 8,
            Scalar::F4E2M1FN | Scalar::I4 | Scalar::UI4 => 4,
            Scalar::I2 | Scalar::UI2 => 2,
            Scalar::I1 => 1,
            Scalar::I64 | Scalar::UI64 | Scalar::Index => 64,
        }
    }

    /// Bytes one element takes in a dense buffer (MLIR's storage layout: sub-byte types other
    /// than `i1` take one byte each; tf32 is held in 4).
    pub fn storage_bytes(self) -> usize {
        match self {
            Scalar::TF32 => 4,
            s => s.bit_width().div_ceil(8) as usize,
        }
    }
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A ranked tensor type with a static shape.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TensorType {
    /// Dimension sizes, outermost first; empty for rank 0.
    pub shape: SmallVec<[i64; 4]>,
    /// Element type.
    pub elem: Scalar,
}

impl TensorType {
    /// Number of elements (1 for rank 0).
    pub fn num_elements(&self) -> usize {
        self.shape.iter().map(|&d| d as usize).product()
    }

    /// Rank (number of dimensions).
    pub fn rank(&self) -> usize {
        self.shape.len()
    }
}

/// A function type `(inputs) -> results`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FunctionType {
    /// Argument types.
    pub inputs: Vec<Type>,
    /// Result types.
    pub results: Vec<Type>,
}

/// A type of the IR. Cheap to clone (tensors and functions are shared).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// A scalar type.
    Scalar(Scalar),
    /// A ranked static tensor.
    Tensor(Arc<TensorType>),
    /// A function type.
    Function(Arc<FunctionType>),
}

impl Type {
    /// Builds `tensor<shape x elem>`.
    pub fn tensor(shape: &[i64], elem: Scalar) -> Type {
        Type::Tensor(Arc::new(TensorType {
            shape: shape.into(),
            elem,
        }))
    }

    /// Builds a function type.
    pub fn function(inputs: Vec<Type>, results: Vec<Type>) -> Type {
        Type::Function(Arc::new(FunctionType { inputs, results }))
    }

    /// The tensor type, if this is one.
    pub fn as_tensor(&self) -> Option<&TensorType> {
        match self {
            Type::Tensor(t) => Some(t),
            _ => None,
        }
    }

    /// The function type, if this is one.
    pub fn as_function(&self) -> Option<&FunctionType> {
        match self {
            Type::Function(t) => Some(t),
            _ => None,
        }
    }

    /// The element type of a tensor, or the scalar itself.
    pub fn element_type(&self) -> Option<Scalar> {
        match self {
            Type::Scalar(s) => Some(*s),
            Type::Tensor(t) => Some(t.elem),
            Type::Function(_) => None,
        }
    }

    /// The same shape with another element type (scalars become that scalar).
    pub fn with_element_type(&self, elem: Scalar) -> Type {
        match self {
            Type::Tensor(t) if t.elem == elem => self.clone(),
            Type::Tensor(t) => Type::tensor(&t.shape, elem),
            _ => Type::Scalar(elem),
        }
    }
}

impl From<Scalar> for Type {
    fn from(s: Scalar) -> Type {
        Type::Scalar(s)
    }
}

fn write_type_list(f: &mut fmt::Formatter<'_>, types: &[Type]) -> fmt::Result {
    for (i, t) in types.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{t}")?;
    }
    Ok(())
}

/// Writes a result-type list the way MLIR does: a single non-function type bare, else parenthesised.
pub fn fmt_result_types(f: &mut fmt::Formatter<'_>, types: &[Type]) -> fmt::Result {
    match types {
        [t] if !matches!(t, Type::Function(_)) => write!(f, "{t}"),
        _ => {
            f.write_str("(")?;
            write_type_list(f, types)?;
            f.write_str(")")
        }
    }
}

impl fmt::Display for FunctionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("(")?;
        write_type_list(f, &self.inputs)?;
        f.write_str(") -> ")?;
        fmt_result_types(f, &self.results)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Scalar(s) => f.write_str(s.name()),
            Type::Tensor(t) => {
                f.write_str("tensor<")?;
                for d in &t.shape {
                    write!(f, "{d}x")?;
                }
                write!(f, "{}>", t.elem)
            }
            Type::Function(t) => write!(f, "{t}"),
        }
    }
}
