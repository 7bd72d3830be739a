//! The words of the `nhw` ops' string attributes (activation functions, tensor-tensor ops,
//! reductions, pooling kinds), the type sets each engine takes, and the hardware targets.

use neuron_ir::{Attribute, Module, Scalar};

/// Declares an enum of attribute words with `ALL`, `name` and `from_name`.
macro_rules! words {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $w:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $v),*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),*];

            /// The attribute word.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$v => $w),*
                }
            }

            /// Parses an attribute word.
            pub fn from_name(s: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|k| k.name() == s)
            }

            /// The words, quoted and comma-separated, for messages.
            pub fn list() -> String {
                let v: Vec<String> = Self::ALL.iter().map(|k| format!("\"{}\"", k.name())).collect();
                v.join(", ")
            }
        }
    };
}

words! {
    /// The function `f` of `nhw.activation`: `y = f(x·scale + bias)`.
    ActivationFunc {
        /// `x`.
        Identity = "identity",
        /// `max(x, 0)` (NaN stays NaN).
        Relu = "relu",
        /// `x < 0 ? alpha·x : x`.
        LeakyRelu = "leaky_relu",
        /// `e^x`.
        Exp = "exp",
        /// Natural logarithm.
        Log = "log",
        /// Square root.
        Sqrt = "sqrt",
        /// `1/√x`.
        Rsqrt = "rsqrt",
        /// `1/x`.
        Reciprocal = "reciprocal",
        /// Hyperbolic tangent.
        Tanh = "tanh",
        /// Logistic function.
        Sigmoid = "sigmoid",
        /// Gauss error function.
        Erf = "erf",
        /// Exact GELU `x·Φ(x)`.
        Gelu = "gelu",
        /// Tanh-approximated GELU.
        GeluTanh = "gelu_tanh",
        /// `−x`.
        Neg = "neg",
        /// `|x|`.
        Abs = "abs",
        /// `x²`.
        Square = "square",
        /// `min(max(x, min), max)`.
        Clip = "clip",
        /// Bitwise not of integers (on `i1`: logical not).
        Not = "not",
        /// Sine.
        Sin = "sin",
        /// Cosine.
        Cos = "cos",
        /// Tangent.
        Tan = "tan",
        /// Arcsine.
        Asin = "asin",
        /// Arccosine.
        Acos = "acos",
        /// Arctangent.
        Atan = "atan",
        /// Hyperbolic sine.
        Sinh = "sinh",
        /// Hyperbolic cosine.
        Cosh = "cosh",
        /// Inverse hyperbolic sine.
        Asinh = "asinh",
        /// Inverse hyperbolic cosine.
        Acosh = "acosh",
        /// Inverse hyperbolic tangent.
        Atanh = "atanh",
        /// Largest integer `<= x`.
        Floor = "floor",
        /// Smallest integer `>= x`.
        Ceil = "ceil",
        /// Nearest integer, ties to even.
        Round = "round",
        /// −1, 0 or 1 by the sign of `x` (±0 and NaN kept).
        Sign = "sign",
    }
}

impl ActivationFunc {
    /// True if the function is also defined on integers (computed exactly, in int64).
    pub fn supports_integers(self) -> bool {
        use ActivationFunc::*;
        matches!(self, Identity | Relu | Neg | Abs | Square | Not | Sign)
    }

    /// True if the function is defined on integers only (`not`).
    pub fn integer_only(self) -> bool {
        self == ActivationFunc::Not
    }
}

words! {
    /// The operation of `nhw.tensor_tensor`.
    TensorOp {
        /// `a + b`.
        Add = "add",
        /// `a − b`.
        Sub = "sub",
        /// `a · b`.
        Mul = "mul",
        /// `a / b`.
        Div = "div",
        /// NaN-propagating maximum.
        Max = "max",
        /// NaN-propagating minimum.
        Min = "min",
        /// `a ^ b` (floats only).
        Pow = "pow",
        /// `a == b` → i1.
        Equal = "equal",
        /// `a < b` → i1.
        Less = "less",
        /// `a <= b` → i1.
        LessEqual = "less_equal",
        /// `a > b` → i1.
        Greater = "greater",
        /// `a >= b` → i1.
        GreaterEqual = "greater_equal",
        /// Bitwise and of integers (on `i1`: logical and).
        And = "and",
        /// Bitwise or of integers (on `i1`: logical or).
        Or = "or",
        /// Bitwise xor of integers (on `i1`: logical xor).
        Xor = "xor",
        /// `a << b` of integers.
        ShiftLeft = "shift_left",
        /// `a >> b` of integers (arithmetic).
        ShiftRight = "shift_right",
        /// Integer remainder with the divisor's sign.
        Mod = "mod",
        /// Remainder with the dividend's sign (C `fmod` / `%`).
        Fmod = "fmod",
    }
}

impl TensorOp {
    /// True for the comparisons (their result is `i1`).
    pub fn is_comparison(self) -> bool {
        use TensorOp::*;
        matches!(self, Equal | Less | LessEqual | Greater | GreaterEqual)
    }

    /// True for the operations defined on integers only (bitwise ops, shifts, `mod`).
    pub fn integer_only(self) -> bool {
        use TensorOp::*;
        matches!(self, And | Or | Xor | ShiftLeft | ShiftRight | Mod)
    }
}

words! {
    /// The reduction of `nhw.tensor_reduce`.
    ReduceKind {
        /// Sum.
        Sum = "sum",
        /// Maximum (NaN-propagating).
        Max = "max",
        /// Mean: the sum divided by the element count.
        Mean = "mean",
        /// Minimum (NaN-propagating).
        Min = "min",
        /// Product.
        Prod = "prod",
    }
}

words! {
    /// The kind of `nhw.pool`.
    PoolKind {
        /// Maximum of the window.
        Max = "max",
        /// Average of the window.
        Avg = "avg",
    }
}

words! {
    /// A hardware target of the lowering.
    Target {
        /// NeuronCore-v1 (Inf1): no FP32 matmult.
        Inf1 = "inf1",
        /// NeuronCore-v2 (Trn1, Inf2): FP32 matmult at about 4× the cost.
        Trn1 = "trn1",
    }
}

/// Module attribute naming the target a module was lowered for (`nhw.target = "inf1"`).
pub const TARGET_ATTR: &str = "nhw.target";

/// Every operand type `nhw.matmult` takes on some target.
pub const MATMULT_TYPES: [Scalar; 6] = [
    Scalar::BF16,
    Scalar::F16,
    Scalar::TF32,
    Scalar::F8E4M3FN,
    Scalar::F8E5M2,
    Scalar::F32,
];

/// The types `nhw.pe_transpose` may transpose in (its `dtype`).
pub const PE_TRANSPOSE_TYPES: [Scalar; 4] = [Scalar::BF16, Scalar::F16, Scalar::TF32, Scalar::F32];

impl Target {
    /// True if the Tensor engine of this target takes operands of type `ty`.
    pub fn matmult_legal(self, ty: Scalar) -> bool {
        match self {
            Target::Inf1 => matches!(ty, Scalar::BF16 | Scalar::F16),
            Target::Trn1 => MATMULT_TYPES.contains(&ty),
        }
    }

    /// The target recorded in a module's `nhw.target` attribute, if any.
    pub fn of_module(m: &Module) -> Option<Target> {
        let a = m.attrs.iter().find(|a| &*a.name == TARGET_ATTR)?;
        a.value.as_str().and_then(Target::from_name)
    }

    /// The module attribute value recording this target.
    pub fn attr(self) -> Attribute {
        Attribute::string(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for f in ActivationFunc::ALL {
            assert_eq!(ActivationFunc::from_name(f.name()), Some(*f));
        }
        assert_eq!(TensorOp::from_name("less_equal"), Some(TensorOp::LessEqual));
        assert!(TensorOp::LessEqual.is_comparison() && !TensorOp::Pow.is_comparison());
        assert_eq!(ReduceKind::from_name("mean"), Some(ReduceKind::Mean));
        assert_eq!(PoolKind::from_name("sum"), None);
        assert_eq!(Target::list(), "\"inf1\", \"trn1\"");
    }

    #[test]
    fn matmult_legality_per_target() {
        assert!(!Target::Inf1.matmult_legal(Scalar::F32));
        assert!(!Target::Inf1.matmult_legal(Scalar::TF32));
        assert!(Target::Inf1.matmult_legal(Scalar::F16));
        assert!(Target::Trn1.matmult_legal(Scalar::F32));
        assert!(Target::Trn1.matmult_legal(Scalar::F8E5M2));
        assert!(!Target::Trn1.matmult_legal(Scalar::I8));
    }
}
