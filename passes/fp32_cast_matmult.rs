//! `fp32-cast-matmult`: matmult-engine ops in BF16, their transposes in FP16, the rest FP32.

crate::cast_pass!(
    /// The `fp32-cast-matmult` pass.
    Fp32CastMatmult,
    "fp32-cast-matmult",
    "Matmult-engine ops take BF16 (FP32 accumulate); fast transposes use FP16; other ops stay FP32",
    Matmult,
    BF16,
    F16
);
