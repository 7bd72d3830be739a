//! `no-fast-relayout`: transposes run as byte-by-byte data movement: bit-exact, slower.

crate::relayout_pass!(
    /// The `no-fast-relayout` pass.
    NoFastRelayout,
    "no-fast-relayout",
    "Transposes run as byte-by-byte data movement (bit-exact, slower)",
    Exact
);
