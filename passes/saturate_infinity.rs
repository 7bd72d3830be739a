//! `saturate-infinity`: before compiler-introduced matmul transposes, ±Inf becomes ±MAX of the
//! type, so 0·Inf cannot make NaN (neuronx-cc `--enable-saturate-infinity`). Recorded for lowering.

crate::fast_math_pass!(
    /// The `saturate-infinity` pass.
    SaturateInfinity,
    "saturate-infinity",
    "Before compiler-introduced matmul transposes, ±Inf becomes ±MAX of the type",
    |m| crate::fast_math::apply_flag(m, |s| s.saturate_infinity = true)
);
