//! `fp32-cast-all`: every FP32 operator computes in BF16 (neuron-cc `--fast-math fp32-cast-all`).

crate::cast_pass!(
    /// The `fp32-cast-all` pass.
    Fp32CastAll,
    "fp32-cast-all",
    "Every FP32 operator computes in BF16; matmult-engine ops take BF16 and accumulate in FP32",
    All,
    BF16,
    BF16
);
