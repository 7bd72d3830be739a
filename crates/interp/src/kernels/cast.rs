//! `nn.cast`: element type conversion with exactly the semantics of the dialect's folder,
//! by calling its `cast_raw` on each element's bit pattern.

use super::broadcast::{map1, map1_into};
use crate::ctx::{KernelResult, OpCtx};
use crate::tensor::Data;
use neuron_ir::numerics::{bits_to_f64, f64_to_bits};
use neuron_ir::Scalar;
use neuron_nn::cast::{cast_raw, cast_raw_e8m0, e8m0_rounding};
use neuron_nn::common::{decode_int, encode_int};

/// The bit pattern of a float value held in FP32 (already representable in `ty`).
fn float_raw(ty: Scalar, x: f32) -> u64 {
    f64_to_bits(ty, x as f64)
}

/// `nn.cast`: float ↔ float (round-to-nearest-even), float → int (toward zero, saturating,
/// NaN → 0), int → float, int → int (wrapping), anything → i1 (`x != 0`); to f8E8M0FNU with
/// ONNX's `round_mode` when the op has one.
pub fn cast(cx: &OpCtx) -> KernelResult {
    let x = cx.arg(0)?;
    cx.expect_shape(&x.shape)?;
    let (from, to) = (x.dtype, cx.out.elem);
    if let Some((mode, saturate)) = e8m0_rounding(cx.body, cx.op) {
        let out = |raw| bits_to_f64(to, cast_raw_e8m0(from, raw, mode, saturate)) as f32;
        return Ok(match &x.data {
            Data::F32(v) => map1(v, |e| out(float_raw(from, e))).into(),
            Data::I64(v) => map1(v, |e| out(encode_int(from, e))).into(),
        });
    }
    let out_float = |raw: u64| bits_to_f64(to, raw) as f32;
    let out_int = |raw: u64| decode_int(to, raw);
    Ok(match (&x.data, to.is_float()) {
        (Data::F32(v), true) => {
            map1(v, |e| out_float(cast_raw(from, to, float_raw(from, e)))).into()
        }
        (Data::F32(v), false) => {
            map1(v, |e| out_int(cast_raw(from, to, float_raw(from, e)))).into()
        }
        (Data::I64(v), true) => {
            // Integers of at most 24 significant bits are exact in FP32: a plain conversion
            // gives what `cast_raw` gives, without its per-element decoding.
            let slow = |e: i64| out_float(cast_raw(from, to, encode_int(from, e)));
            let exact = to == Scalar::F32 && from != Scalar::UI64;
            let mut res = cx.take_f32(v.len());
            map1_into(
                v,
                |e| {
                    if exact && e.unsigned_abs() <= 1 << 24 {
                        e as f32
                    } else {
                        slow(e)
                    }
                },
                &mut res,
            );
            res.into()
        }
        (Data::I64(v), false) => {
            map1(v, |e| out_int(cast_raw(from, to, encode_int(from, e)))).into()
        }
    })
}
