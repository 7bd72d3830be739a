//! The element types the NeuronCore engines read and write; the lowering refuses an op that
//! uses any other (a located error, not a panic).

use neuron_ir::{Body, OpId, Scalar};

/// True if the hardware has element type `s`: the floats of docs/nhw.md's type table, and
/// the integers whose values the engines hold exactly with signed arithmetic (`i1` … `i64`,
/// `ui8`, `ui16`, `ui32`). Not: `ui64`, the sub-byte integers (`i4`, `ui4`, `i2`, `ui2`),
/// the FNUZ FP8 types, `f4E2M1FN` and `f8E8M0FNU`.
pub fn hardware_has(s: Scalar) -> bool {
    !matches!(
        s,
        Scalar::UI64
            | Scalar::I4
            | Scalar::UI4
            | Scalar::I2
            | Scalar::UI2
            | Scalar::F8E4M3FNUZ
            | Scalar::F8E5M2FNUZ
            | Scalar::F4E2M1FN
            | Scalar::F8E8M0FNU
    )
}

/// The first element type of an operand or result of `op` the hardware lacks, if any.
pub fn unsupported_type(body: &Body, op: OpId) -> Option<Scalar> {
    let d = body.op(op);
    let results = (0..d.num_results()).map(|i| d.result(i));
    d.operands()
        .iter()
        .copied()
        .chain(results)
        .filter_map(|v| body.ty(v).element_type())
        .find(|&s| !hardware_has(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hardware_types() {
        assert!(
            hardware_has(Scalar::BF16) && hardware_has(Scalar::I8) && hardware_has(Scalar::UI8)
        );
        assert!(!hardware_has(Scalar::UI64) && !hardware_has(Scalar::I4));
        assert!(!hardware_has(Scalar::F8E4M3FNUZ) && !hardware_has(Scalar::F8E8M0FNU));
    }
}
