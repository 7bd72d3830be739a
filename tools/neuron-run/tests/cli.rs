//! Process-level tests of neuron-run: output files (atomic, readable, deterministic), narrow and
//! integer dtypes through `.npy`, JSON summaries, and exit status 1 (never a panic) on bad input.

use neuron_run::npy::{read_npy, read_npy_from, NpyValues};
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_neuron-run");

/// A model with a float, a bf16, an f16 and an integer argument, each returned unchanged
/// (relu for the float one), and a second function.
const MODEL: &str = r#"
func.func @main(%x: tensor<2x3xf32> {nn.name = "x"}, %h: tensor<4xbf16>, %g: tensor<4xf16>,
                %ids: tensor<5xi64> {nn.max_value = 3 : i64}) -> (tensor<2x3xf32> {nn.name = "y"}, tensor<4xbf16>, tensor<4xf16>, tensor<5xi64>) {
  %r = nn.relu %x : tensor<2x3xf32>
  return %r, %h, %g, %ids : tensor<2x3xf32>, tensor<4xbf16>, tensor<4xf16>, tensor<5xi64>
}
func.func @second(%a: tensor<3xf32>) -> tensor<3xf32> {
  %n = nn.neg %a : tensor<3xf32>
  return %n : tensor<3xf32>
}
"#;

/// Runs neuron-run with `args` in `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("neuron-run starts")
}

/// A temporary directory holding `model.mlir`.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("model.mlir"), MODEL).expect("write model");
    dir
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit status 1 with `needle` in stderr, and no panic.
fn assert_fails_with(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains(needle), "expected '{needle}' in: {err}");
    assert!(!err.contains("panicked"), "panic: {err}");
}

#[test]
fn random_outputs_are_written_deterministically_with_their_dtypes() {
    let dir = setup();
    let p = dir.path();
    let args = [
        "model.mlir",
        "--random-inputs",
        "--seed",
        "5",
        "-o",
        "out/a",
    ];
    let first = run(p, &args);
    assert!(first.status.success(), "{}", stderr(&first));
    let y = read_npy(&p.join("out/a/y.npy")).expect("y.npy");
    assert_eq!((y.shape.clone(), y.descr.as_str()), (vec![2, 3], "<f4"));
    let NpyValues::F32(yv) = &y.values else {
        panic!("f32 data")
    };
    assert!(yv.iter().all(|&v| (0.0..1.0).contains(&v)) && yv.iter().any(|&v| v > 0.0));
    // bf16 travels as float32 holding bf16 values; f16 as float16.
    let h = read_npy(&p.join("out/a/out1.npy")).expect("out1.npy");
    let NpyValues::F32(hv) = &h.values else {
        panic!("bf16 as <f4, got {}", h.descr)
    };
    assert!(
        hv.iter().all(|v| v.to_bits() & 0xFFFF == 0),
        "bf16-exact: {hv:?}"
    );
    let g = read_npy(&p.join("out/a/out2.npy")).expect("out2.npy");
    assert_eq!(g.descr, "<f2");
    let ids = read_npy(&p.join("out/a/out3.npy")).expect("out3.npy");
    let NpyValues::Int(iv) = &ids.values else {
        panic!("ints, got {}", ids.descr)
    };
    assert!(
        iv.iter().all(|&v| (0..=3).contains(&v)),
        "nn.max_value = 3: {iv:?}"
    );
    let again = run(
        p,
        &[
            "model.mlir",
            "--random-inputs",
            "--seed",
            "5",
            "-o",
            "out/b",
        ],
    );
    assert!(again.status.success());
    assert_eq!(first.stdout, again.stdout);
    for f in ["y.npy", "out1.npy", "out2.npy", "out3.npy"] {
        let a = std::fs::read(p.join("out/a").join(f)).expect("a");
        assert_eq!(a, std::fs::read(p.join("out/b").join(f)).expect("b"), "{f}");
    }
    let other = run(p, &["model.mlir", "--random-inputs", "--seed", "6"]);
    assert_ne!(first.stdout, other.stdout, "another seed, other data");
    let leftovers: Vec<_> = std::fs::read_dir(p.join("out/a"))
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".neuron-run-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn an_output_feeds_back_as_an_input_by_name_or_position() {
    let dir = setup();
    let p = dir.path();
    let gen = run(
        p,
        &["model.mlir", "--random-inputs", "--seed", "1", "-o", "o"],
    );
    assert!(gen.status.success(), "{}", stderr(&gen));
    let named = run(
        p,
        &[
            "model.mlir",
            "-i",
            "x=o/y.npy",
            "-i",
            "arg1=o/out1.npy",
            "-i",
            "arg2=o/out2.npy",
        ]
        .into_iter()
        .chain(["-i", "arg3=o/out3.npy"])
        .collect::<Vec<_>>(),
    );
    assert!(named.status.success(), "{}", stderr(&named));
    // relu is idempotent and the others are returned unchanged: the same summary.
    assert_eq!(gen.stdout, named.stdout);
    let positional = run(
        p,
        &[
            "model.mlir",
            "-i",
            "o/y.npy",
            "-i",
            "o/out1.npy",
            "-i",
            "o/out2.npy",
            "-i",
            "o/out3.npy",
        ],
    );
    assert_eq!(gen.stdout, positional.stdout);
}

#[test]
fn json_summary_has_every_field() {
    let dir = setup();
    let o = run(
        dir.path(),
        &[
            "model.mlir",
            "--entry",
            "@second",
            "--random-inputs",
            "--format",
            "json",
            "-o",
            "j",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let first = &v[0];
    assert_eq!(first["name"], "out0");
    assert_eq!(first["shape"], serde_json::json!([3]));
    assert_eq!(first["dtype"], "f32");
    assert_eq!(first["nan"], 0);
    assert!(first["min"].as_f64().expect("min") <= first["max"].as_f64().expect("max"));
    assert!(first["file"].as_str().expect("file").ends_with("out0.npy"));
}

#[test]
fn bad_inputs_fail_cleanly() {
    let dir = setup();
    let p = dir.path();
    std::fs::write(p.join("junk.npy"), b"\x93NUMPY\x01\x00\xff").expect("junk");
    std::fs::write(p.join("file"), b"x").expect("file");
    let cases: &[(&[&str], &str)] = &[
        (
            &["model.mlir"],
            "missing inputs 'x' (tensor<2x3xf32>), 'arg1'",
        ),
        (
            &["model.mlir", "-i", "nope=a.npy"],
            "unknown input name 'nope'",
        ),
        (
            &["model.mlir", "-i", "x=absent.npy", "--random-inputs"],
            "cannot read the file",
        ),
        (
            &["model.mlir", "-i", "x=junk.npy", "--random-inputs"],
            "not a valid .npy file",
        ),
        (
            &["model.mlir", "-i", "x=model.mlir", "--random-inputs"],
            "not a valid .npy file",
        ),
        (&["model.mlir", "--entry", "third"], "no function @third"),
        (
            &["model.mlir", "--random-inputs", "-o", "file"],
            "could not create the output directory 'file'",
        ),
        (&["absent.mlir"], "could not open input file 'absent.mlir'"),
        (&["model.mlir", "--threads", "x"], "invalid value 'x'"),
    ];
    for (args, needle) in cases {
        assert_fails_with(&run(p, args), needle);
    }
}

#[test]
fn npy_reader_rejects_unsupported_dtypes() {
    let header = "{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }";
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    let padded = format!("{header:<117}\n");
    bytes.extend((padded.len() as u16).to_le_bytes());
    bytes.extend(padded.as_bytes());
    bytes.extend([0u8; 12]);
    let err = read_npy_from(bytes.as_slice()).expect_err("strings are not numbers");
    assert!(err.to_string().contains("unsupported dtype '<U3'"), "{err}");
}

#[test]
fn hardware_run_writes_lowered_outputs_and_a_json_report() {
    let dir = setup();
    let p = dir.path();
    let args = [
        "model.mlir",
        "--random-inputs",
        "--fast-math",
        "all",
        "--compare-reference",
        "--format",
        "json",
        "-o",
        "out",
        "--timing",
    ];
    let o = run(p, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON object");
    assert_eq!(v["target"], "inf1");
    assert_eq!(v["outputs"].as_array().map(Vec::len), Some(4));
    let y = &v["outputs"][0];
    assert!(
        y["error"]["max_abs"].as_f64().expect("max_abs") > 0.0,
        "relu in BF16: {y}"
    );
    assert_eq!(
        v["outputs"][1]["error"]["max_abs"], 0.0,
        "bf16 i/o passes unchanged"
    );
    assert!(v["cost"]["serial_seconds"].as_f64().expect("cost") > 0.0);
    let y = read_npy(&p.join("out/y.npy")).expect("y.npy");
    let NpyValues::F32(yv) = &y.values else {
        panic!("f32 data")
    };
    assert!(
        yv.iter().all(|x| x.to_bits() & 0xffff == 0),
        "the file holds the BF16 run's values: {yv:?}"
    );
    let err = stderr(&o);
    for phase in ["lower", "execute", "reference", "cost", "outputs"] {
        assert!(err.contains(&format!("timing: {phase}")), "{err}");
    }
}
