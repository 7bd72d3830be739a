//! `fast-relayout`: transposes run on the matmult engine (identity matmul) in the 16-bit type the
//! cast setting in force selects (BF16 when no cast pass ran): lossy, fast.

crate::relayout_pass!(
    /// The `fast-relayout` pass.
    FastRelayout,
    "fast-relayout",
    "Transposes run on the matmult engine in FP16 or BF16, as the cast setting selects (lossy, fast)",
    Fast
);
