//! `fp32-cast-matmult-bf16`: matmult-engine ops and their transposes in BF16, the rest FP32.

crate::cast_pass!(
    /// The `fp32-cast-matmult-bf16` pass.
    Fp32CastMatmultBf16,
    "fp32-cast-matmult-bf16",
    "Matmult-engine ops (transposes included) take BF16 (FP32 accumulate); other ops stay FP32",
    Matmult,
    BF16,
    BF16
);
