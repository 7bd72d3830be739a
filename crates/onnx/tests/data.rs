//! Tensor data: typed fields, element types, external data files, large weights printed as
//! hex, and the round trip of the printed IR through the parser.

mod common;
use common::*;
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::printer::{module_to_string, PrintOptions};
use neuron_onnx::proto::{data_type, StringStringEntryProto, TensorProto, DATA_LOCATION_EXTERNAL};
use neuron_onnx::{import_file, ImportOptions};
use std::sync::Arc;

/// A model `y = x + c` with the initializer `c` and input/output of c's element type.
fn add_const(c: TensorProto, elem: i32) -> Vec<u8> {
    let dims: Vec<D> = c.dims.iter().map(|&d| Some(d)).collect();
    let g = graph(
        vec![node("Add", &["x", "c"], &["y"], vec![])],
        vec![vi("x", elem, &dims)],
        vec![vi("y", elem, &dims)],
        vec![c],
    );
    model(g, 13)
}

fn const_line(bytes: Vec<u8>) -> String {
    let text = import(bytes).unwrap();
    text.lines()
        .find(|l| l.contains("nn.constant"))
        .unwrap()
        .trim()
        .to_string()
}

#[test]
fn typed_fields_of_each_element_type() {
    let t = |dt: i32, f: &dyn Fn(&mut TensorProto)| {
        let mut t = TensorProto {
            name: "c".into(),
            dims: vec![2],
            data_type: dt,
            ..Default::default()
        };
        f(&mut t);
        t
    };
    let cases: Vec<(TensorProto, i32, &str)> = vec![
        (
            t(data_type::FLOAT, &|t| t.float_data = vec![0.5, -1.0]),
            data_type::FLOAT,
            "dense<[0.5, -1.0]> : tensor<2xf32>",
        ),
        (
            t(data_type::INT64, &|t| t.int64_data = vec![-3, 4]),
            data_type::INT64,
            "dense<[-3, 4]> : tensor<2xi64>",
        ),
        (
            t(data_type::INT32, &|t| t.int32_data = vec![7, -8]),
            data_type::INT32,
            "dense<[7, -8]> : tensor<2xi32>",
        ),
        (
            t(data_type::INT8, &|t| t.int32_data = vec![-128, 127]),
            data_type::INT8,
            "dense<[-128, 127]> : tensor<2xi8>",
        ),
        (
            t(data_type::BOOL, &|t| t.int32_data = vec![1, 0]),
            data_type::BOOL,
            "dense<[true, false]> : tensor<2xi1>",
        ),
        (
            t(data_type::FLOAT16, &|t| t.int32_data = vec![0x3C00, 0xC000]),
            data_type::FLOAT16,
            "dense<[1.0, -2.0]> : tensor<2xf16>",
        ),
        (
            t(data_type::BFLOAT16, &|t| {
                t.int32_data = vec![0x3F80, 0x4040]
            }),
            data_type::BFLOAT16,
            "dense<[1.0, 3.0]> : tensor<2xbf16>",
        ),
        (
            t(data_type::FLOAT8E4M3FN, &|t| {
                t.int32_data = vec![0x38, 0x40]
            }),
            data_type::FLOAT8E4M3FN,
            "dense<[1.0, 2.0]> : tensor<2xf8E4M3FN>",
        ),
        (
            t(data_type::FLOAT8E5M2, &|t| t.int32_data = vec![0x3C, 0xC0]),
            data_type::FLOAT8E5M2,
            "dense<[1.0, -2.0]> : tensor<2xf8E5M2>",
        ),
        (
            t(data_type::DOUBLE, &|t| t.double_data = vec![0.25, 3.0]),
            data_type::DOUBLE,
            "dense<[0.25, 3.0]> : tensor<2xf32>",
        ),
    ];
    for (c, elem, want) in cases {
        let line = const_line(add_const(c, elem));
        assert!(line.contains(want), "{line} lacks {want}");
    }
}

#[test]
fn raw_data_of_doubles_and_bools_is_converted() {
    let mut t = TensorProto {
        name: "c".into(),
        dims: vec![2],
        data_type: data_type::DOUBLE,
        ..Default::default()
    };
    t.raw_data = [1.5f64, -0.5]
        .iter()
        .flat_map(|v| v.to_le_bytes())
        .collect::<Vec<u8>>()
        .into();
    assert!(
        const_line(add_const(t, data_type::DOUBLE)).contains("dense<[1.5, -0.5]> : tensor<2xf32>")
    );
    let mut b = TensorProto {
        name: "c".into(),
        dims: vec![3],
        data_type: data_type::BOOL,
        ..Default::default()
    };
    b.raw_data = vec![0u8, 2, 1].into();
    assert!(const_line(add_const(b, data_type::BOOL))
        .contains("dense<[false, true, true]> : tensor<3xi1>"));
}

fn external(
    name: &str,
    dims: &[i64],
    location: &str,
    offset: Option<u64>,
    length: Option<u64>,
) -> TensorProto {
    let mut entries = vec![StringStringEntryProto {
        key: "location".into(),
        value: location.into(),
    }];
    if let Some(o) = offset {
        entries.push(StringStringEntryProto {
            key: "offset".into(),
            value: o.to_string(),
        });
    }
    if let Some(l) = length {
        entries.push(StringStringEntryProto {
            key: "length".into(),
            value: l.to_string(),
        });
    }
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: data_type::FLOAT,
        external_data: entries,
        data_location: DATA_LOCATION_EXTERNAL,
        ..Default::default()
    }
}

#[test]
fn external_data_is_read_at_its_offset() {
    let dir = tempfile::tempdir().unwrap();
    let mut blob = vec![0xAAu8; 4096];
    for v in [1.0f32, 2.0, 3.0, 4.0] {
        blob.extend_from_slice(&v.to_le_bytes());
    }
    std::fs::write(dir.path().join("weights.bin"), &blob).unwrap();
    let g = graph(
        vec![node("Add", &["x", "w"], &["y"], vec![])],
        vec![f32vi("x", &[4])],
        vec![f32vi("y", &[4])],
        vec![external("w", &[4], "weights.bin", Some(4096), Some(16))],
    );
    let path = dir.path().join("model.onnx");
    std::fs::write(&path, model(g, 13)).unwrap();
    let m = import_file(&path, &ImportOptions::default()).unwrap();
    let text = module_to_string(&m, &PrintOptions::default());
    assert!(
        text.contains("dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>"),
        "{text}"
    );
}

#[test]
fn external_data_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("short.bin"), [0u8; 8]).unwrap();
    let run = |t: TensorProto| {
        let g = graph(
            vec![node("Add", &["x", "w"], &["y"], vec![])],
            vec![f32vi("x", &[4])],
            vec![f32vi("y", &[4])],
            vec![t],
        );
        let path = dir.path().join("model.onnx");
        std::fs::write(&path, model(g, 13)).unwrap();
        import_file(&path, &ImportOptions::default())
            .unwrap_err()
            .to_string()
    };
    let e = run(external("w", &[4], "missing.bin", None, None));
    assert!(
        e.contains("initializer 'w': external data file '")
            && e.contains("missing.bin': No such file or directory"),
        "{e}"
    );
    let e = run(external("w", &[4], "short.bin", Some(4), None));
    assert!(
        e.contains("initializer 'w': raw data has 4 bytes, but 4 elements of FLOAT need 16"),
        "{e}"
    );
    let e = run(external("w", &[4], "short.bin", Some(4), Some(16)));
    assert!(
        e.contains("has 8 bytes, but the tensor needs bytes 4..20"),
        "{e}"
    );
    let e = run(external("w", &[4], "../etc/passwd", None, None));
    assert!(e.contains("external data location '../etc/passwd' must be a relative path inside the model's directory"), "{e}");
    let e = run(external("w", &[4], "/etc/passwd", None, None));
    assert!(e.contains("must be a relative path"), "{e}");
    // From bytes, without a directory to resolve against.
    let g = graph(
        vec![node("Add", &["x", "w"], &["y"], vec![])],
        vec![f32vi("x", &[4])],
        vec![f32vi("y", &[4])],
        vec![external("w", &[4], "short.bin", None, None)],
    );
    let e = import(model(g, 13)).unwrap_err().to_string();
    assert!(
        e.contains("external data 'short.bin' needs the model's directory"),
        "{e}"
    );
}

/// An MLP whose weights take about `mb` megabytes.
fn big_mlp(mb: usize) -> Vec<u8> {
    let k = 512i64;
    let n = (mb * 1_000_000 / 4 / k as usize) as i64;
    let w: Vec<f32> = (0..k * n)
        .map(|i| ((i * 7919) % 1000) as f32 / 1000.0 - 0.5)
        .collect();
    let w2: Vec<f32> = (0..n * 8).map(|i| (i % 13) as f32 * 0.01).collect();
    let g = graph(
        vec![
            node("MatMul", &["x", "w"], &["h"], vec![]),
            node("Relu", &["h"], &["r"], vec![]),
            node("MatMul", &["r", "w2"], &["y"], vec![]),
        ],
        vec![f32vi("x", &[1, k])],
        vec![f32vi("y", &[1, 8])],
        vec![f32t("w", &[k, n], &w), f32t("w2", &[n, 8], &w2)],
    );
    model(g, 13)
}

fn round_trip(bytes: Vec<u8>) -> (String, usize) {
    let m = neuron_onnx::import_bytes(bytes, &ImportOptions::default()).unwrap();
    let text = module_to_string(&m, &PrintOptions::default());
    let file: Arc<str> = "printed.mlir".into();
    let parsed = parse_module(&text, &file, &ParseOptions::default()).unwrap();
    let again = module_to_string(&parsed, &PrintOptions::default());
    assert!(again == text, "printing the parsed module changes it");
    (text, m.num_ops())
}

#[test]
fn large_weights_print_as_hex_and_round_trip() {
    let (text, ops) = round_trip(big_mlp(2));
    assert_eq!(ops, 6);
    let line = text
        .lines()
        .find(|l| l.contains("tensor<512x976xf32>}"))
        .unwrap();
    assert!(line.contains("dense<\"0x"), "weights are not hex");
    assert!(
        text.len() > 4_000_000 && text.len() < 4_100_000,
        "{}",
        text.len()
    );
}

/// The 69 MB figure of the issue; run with `cargo test --release -- --ignored`.
#[test]
#[ignore]
fn a_69_mb_model_imports_and_prints_quickly() {
    let bytes = big_mlp(69);
    assert!(bytes.len() > 69_000_000);
    let start = std::time::Instant::now();
    let m = neuron_onnx::import_bytes(bytes, &ImportOptions::default()).unwrap();
    let mut out = Vec::new();
    neuron_ir::printer::print_module(&m, &PrintOptions::default(), &mut out).unwrap();
    let took = start.elapsed();
    eprintln!(
        "import + print of 69 MB: {took:?}, {} bytes of IR",
        out.len()
    );
    let text = String::from_utf8(out).unwrap();
    let start = std::time::Instant::now();
    let file: Arc<str> = "big.mlir".into();
    let parsed = parse_module(&text, &file, &ParseOptions::default()).unwrap();
    eprintln!("parse back: {:?}", start.elapsed());
    assert!(module_to_string(&parsed, &PrintOptions::default()) == text);
    assert!(took.as_secs_f64() < 2.0, "took {took:?}");
}
