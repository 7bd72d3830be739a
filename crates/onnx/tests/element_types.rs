//! The ONNX element types beyond the original set: INT16, UINT8/16/32/64, the packed INT4,
//! UINT4, INT2, UINT2 and FLOAT4E2M1 (raw_data and int32_data, low bits first), the FNUZ and
//! E8M0 floats; and Cast to FLOAT8E8M0 with its `round_mode`.

mod common;
use common::*;
use neuron_onnx::proto::{data_type as dt, TensorProto};
use neuron_onnx::tensor::decode_tensor;

/// A tensor proto of `code` and `dims`, filled by `fill`.
fn proto(code: i32, dims: &[i64], fill: impl Fn(&mut TensorProto)) -> TensorProto {
    let mut t = TensorProto {
        name: "c".into(),
        dims: dims.to_vec(),
        data_type: code,
        ..Default::default()
    };
    fill(&mut t);
    t
}

/// The integer values a proto decodes to.
fn ints_of(t: &TensorProto) -> Vec<i64> {
    let d = decode_tensor(t, "c", None, &mut 0).unwrap_or_else(|e| panic!("{e}"));
    (0..d.ty.num_elements()).map(|i| d.get_i64(i)).collect()
}

#[test]
fn packed_int4_and_int2_unpack_low_bits_first() {
    // [-1, 7, -8]: nibbles F, 7, 8 → bytes 0x7F, 0x08.
    let raw = proto(dt::INT4, &[3], |t| t.raw_data = vec![0x7F, 0x08].into());
    assert_eq!(ints_of(&raw), [-1, 7, -8]);
    let typed = proto(dt::UINT4, &[3], |t| t.int32_data = vec![0x7F, 0x08]);
    assert_eq!(ints_of(&typed), [15, 7, 8]);
    // [-2, 1, -1, 0, 1]: 2-bit fields 2, 1, 3, 0 | 1 → bytes 0x36, 0x01.
    let two = proto(dt::INT2, &[5], |t| t.raw_data = vec![0x36, 0x01].into());
    assert_eq!(ints_of(&two), [-2, 1, -1, 0, 1]);
    let utwo = proto(dt::UINT2, &[5], |t| t.int32_data = vec![0x36, 0x01]);
    assert_eq!(ints_of(&utwo), [2, 1, 3, 0, 1]);
    let short = proto(dt::INT4, &[3], |t| t.raw_data = vec![0x7F].into());
    let e = decode_tensor(&short, "c", None, &mut 0).expect_err("too short");
    assert_eq!(e, "c: raw data has 1 bytes, but 3 elements of INT4 need 2");
    let few = proto(dt::UINT4, &[3], |t| t.int32_data = vec![0x7F]);
    let e = decode_tensor(&few, "c", None, &mut 0).expect_err("too few");
    assert_eq!(e, "c: int32_data has 1 values, but the shape needs 2");
}

#[test]
fn packed_fp4_decodes_to_its_values() {
    // 1.0 (0x2), -6.0 (0xF), 0.5 (0x1).
    let t = proto(dt::FLOAT4E2M1, &[3], |t| {
        t.raw_data = vec![0xF2, 0x01].into()
    });
    let d = decode_tensor(&t, "c", None, &mut 0).unwrap();
    let v: Vec<f64> = (0..3).map(|i| d.get_f64(i)).collect();
    assert_eq!(v, [1.0, -6.0, 0.5]);
    assert_eq!(d.ty.elem.name(), "f4E2M1FN");
}

#[test]
fn unsigned_and_16_bit_fields() {
    let u64s = proto(dt::UINT64, &[2], |t| t.uint64_data = vec![u64::MAX, 5]);
    assert_eq!(ints_of(&u64s), [-1, 5], "ui64 as its bit pattern");
    let u32s = proto(dt::UINT32, &[1], |t| t.uint64_data = vec![4_294_967_295]);
    assert_eq!(ints_of(&u32s), [4_294_967_295]);
    let i16s = proto(dt::INT16, &[2], |t| t.int32_data = vec![-300, 300]);
    assert_eq!(ints_of(&i16s), [-300, 300]);
    let u8s = proto(dt::UINT8, &[2], |t| t.raw_data = vec![255, 1].into());
    assert_eq!(ints_of(&u8s), [255, 1]);
    let u16s = proto(dt::UINT16, &[1], |t| t.raw_data = vec![0xFF, 0xFF].into());
    assert_eq!(ints_of(&u16s), [65535]);
    let fnuz = proto(dt::FLOAT8E4M3FNUZ, &[2], |t| {
        t.int32_data = vec![0x40, 0x80]
    });
    let d = decode_tensor(&fnuz, "c", None, &mut 0).unwrap();
    assert_eq!(d.get_f64(0), 1.0);
    assert!(d.get_f64(1).is_nan());
}

#[test]
fn models_with_new_types_import() {
    let d: Vec<D> = vec![Some(2)];
    let g = graph(
        vec![node("Add", &["x", "c"], &["y"], vec![])],
        vec![vi("x", dt::UINT64, &d)],
        vec![vi("y", dt::UINT64, &d)],
        vec![proto(dt::UINT64, &[2], |t| {
            t.uint64_data = vec![u64::MAX, 1]
        })],
    );
    let text = import(model(g, 14)).unwrap();
    assert!(
        text.contains("dense<[18446744073709551615, 1]> : tensor<2xui64>"),
        "{text}"
    );
    assert!(text.contains("nn.add %arg0, %0 : tensor<2xui64>"), "{text}");
    let g = graph(
        vec![node(
            "Cast",
            &["x"],
            &["y"],
            vec![
                ai("to", i64::from(dt::FLOAT8E8M0)),
                as_("round_mode", "nearest"),
            ],
        )],
        vec![f32vi("x", &[2])],
        vec![vi("y", dt::FLOAT8E8M0, &d)],
        vec![],
    );
    let text = import(model(g, 24)).unwrap();
    assert!(
        text.contains(
            "nn.cast %arg0 {round_mode = \"nearest\", saturate = true} : (tensor<2xf32>) -> tensor<2xf8E8M0FNU>"
        ),
        "{text}"
    );
}
