//! `fp32-cast-matmult-fp16`: matmult-engine ops and their transposes in FP16, the rest FP32.

crate::cast_pass!(
    /// The `fp32-cast-matmult-fp16` pass.
    Fp32CastMatmultFp16,
    "fp32-cast-matmult-fp16",
    "Matmult-engine ops (transposes included) take FP16 (FP32 accumulate); other ops stay FP32",
    Matmult,
    F16,
    F16
);
