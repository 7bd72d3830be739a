//! `fp32-cast-all-fp16`: every FP32 operator computes in FP16.

crate::cast_pass!(
    /// The `fp32-cast-all-fp16` pass.
    Fp32CastAllFp16,
    "fp32-cast-all-fp16",
    "Every FP32 operator computes in FP16; matmult-engine ops take FP16 and accumulate in FP32",
    All,
    F16,
    F16
);
