//! `lower-to-nhw` on the logical, bitwise, remainder, unary math, classifier and
//! min/prod reduction ops: the lowered program computes what the `nn` program computes (the
//! `nhw` interpreter against the `nn` interpreter, bit for bit); the index ops without a
//! hardware mapping fail at their location.

use neuron_interp::nhw::{self as nhw_interp, NhwOptions, Rounding};
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::verifier::{verify_module, VerifyOptions};
use neuron_ir::{Module, Scalar};
use neuron_pass::{PassOptions, PassOutput};

fn parse(text: &str) -> Module {
    neuron_nn::link();
    neuron_nhw::link();
    let m = parse_module(text, &"t.mlir".into(), &ParseOptions::default())
        .unwrap_or_else(|d| panic!("test IR does not parse: {d}\n{text}"));
    assert_eq!(
        verify_module(&m, VerifyOptions::default()),
        vec![],
        "{text}"
    );
    m
}

/// Runs `lower-to-nhw{target=trn1}` on `m`.
fn lower(m: &mut Module) -> Result<(), neuron_ir::Diagnostic> {
    neuron_passes::link();
    let reg = neuron_pass::lookup_pass("lower-to-nhw").expect("registered pass");
    let pairs = vec![("target".to_string(), "trn1".to_string())];
    let opts = PassOptions::from_pairs(reg.options, &pairs).expect("valid options");
    let pass = (reg.create)(&opts).expect("pass created");
    pass.run_on_module(m, &mut PassOutput::default())
        .map(|_| ())
}

/// `@main` applying `op` with `attrs` to the inputs, with result type `out`.
fn op_text(op: &str, attrs: &str, inputs: &[&Tensor], out: &str) -> String {
    let params: Vec<String> = (inputs.iter().enumerate())
        .map(|(i, t)| format!("%a{i}: {}", t.ty()))
        .collect();
    let names: Vec<String> = (0..inputs.len()).map(|i| format!("%a{i}")).collect();
    let types: Vec<String> = inputs.iter().map(|t| t.ty().to_string()).collect();
    format!(
        "func.func @main({}) -> {out} {{\n  %r = \"{op}\"({}) {attrs} : ({}) -> {out}\n  func.return %r : {out}\n}}\n",
        params.join(", "),
        names.join(", "),
        types.join(", ")
    )
}

/// Checks that the lowered op computes exactly what the `nn` op computes, and returns the
/// lowered module's text.
fn same_after_lowering(op: &str, attrs: &str, inputs: &[&Tensor], out: &str) -> String {
    let text = op_text(op, attrs, inputs, out);
    let m = parse(&text);
    let owned: Vec<Tensor> = inputs.iter().map(|t| (*t).clone()).collect();
    let want = run_function(&m, "main", owned.clone(), &InterpOptions { threads: 1 })
        .unwrap_or_else(|e| panic!("nn run failed: {e}"));
    let mut low = m.clone();
    lower(&mut low).unwrap_or_else(|d| panic!("lowering failed: {d}"));
    assert_eq!(verify_module(&low, VerifyOptions::default()), vec![]);
    let opts = NhwOptions {
        threads: 1,
        rounding: Rounding::NearestEven,
    };
    let got = nhw_interp::run_function(&low, "main", owned, &opts)
        .unwrap_or_else(|e| panic!("nhw run failed: {e}"));
    let bits = |t: &Tensor| -> Vec<u64> {
        match (t.as_f32(), t.as_i64()) {
            (Some(v), _) => v.iter().map(|x| x.to_bits() as u64).collect(),
            (_, Some(v)) => v.iter().map(|&x| x as u64).collect(),
            _ => vec![],
        }
    };
    assert_eq!(bits(&got[0]), bits(&want[0]), "{op} {attrs}");
    let mut buf = Vec::new();
    let popts = neuron_ir::printer::PrintOptions::default();
    neuron_ir::printer::print_module(&low, &popts, &mut buf).expect("printed");
    String::from_utf8(buf).expect("utf-8")
}

fn f32s(values: &[f32]) -> Tensor {
    Tensor::from_f32(Scalar::F32, vec![values.len()], values.to_vec()).unwrap()
}

fn ints(dtype: Scalar, values: &[i64]) -> Tensor {
    Tensor::from_i64(dtype, vec![values.len()], values.to_vec()).unwrap()
}

#[test]
fn logic_bitwise_and_mod_lower_to_tensor_tensor() {
    let a = ints(Scalar::I1, &[0, 0, 1, 1]);
    let b = ints(Scalar::I1, &[0, 1, 0, 1]);
    let t = "tensor<4xi1>";
    for op in ["nn.and", "nn.or", "nn.xor"] {
        let ir = same_after_lowering(op, "", &[&a, &b], t);
        assert!(ir.contains("nhw.tensor_tensor"), "{ir}");
    }
    let ir = same_after_lowering("nn.not", "", &[&a], t);
    assert!(ir.contains("func = \"not\""), "{ir}");
    let x = ints(Scalar::I32, &[7, -7, 7, -7, 100]);
    let y = ints(Scalar::I32, &[3, 3, -3, -3, 2]);
    let t = "tensor<5xi32>";
    let ir = same_after_lowering("nn.mod", "", &[&x, &y], t);
    assert!(ir.contains("op = \"mod\""), "{ir}");
    same_after_lowering("nn.mod", "{fmod = true}", &[&x, &y], t);
    for op in ["nn.bitwise_and", "nn.bitwise_or", "nn.bitwise_xor"] {
        same_after_lowering(op, "", &[&x, &y], t);
    }
    same_after_lowering("nn.bitwise_not", "", &[&x], t);
    let s = ints(Scalar::I32, &[1, 2, 3, 31, 40]);
    same_after_lowering("nn.bit_shift", "{direction = \"left\"}", &[&x, &s], t);
    same_after_lowering("nn.bit_shift", "{direction = \"right\"}", &[&x, &s], t);
    let p = f32s(&[5.5, -5.5, 1.0, f32::NAN, f32::INFINITY]);
    let q = f32s(&[2.0, 2.0, 0.0, 1.0, 3.0]);
    let ir = same_after_lowering("nn.mod", "{fmod = true}", &[&p, &q], "tensor<5xf32>");
    assert!(ir.contains("op = \"fmod\""), "{ir}");
}

#[test]
fn unary_math_lowers_to_activations() {
    let x = f32s(&[
        -2.5,
        -0.5,
        -0.0,
        0.3,
        0.9,
        1.5,
        2.5,
        f32::NAN,
        f32::INFINITY,
    ]);
    let t = "tensor<9xf32>";
    for op in [
        "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh",
        "floor", "ceil", "round", "sign",
    ] {
        let ir = same_after_lowering(&format!("nn.{op}"), "", &[&x], t);
        assert!(ir.contains(&format!("func = \"{op}\"")), "{ir}");
    }
    let i = ints(Scalar::I64, &[-4, 0, 9]);
    same_after_lowering("nn.sign", "", &[&i], "tensor<3xi64>");
}

#[test]
fn classifiers_lower_to_comparisons() {
    let x = f32s(&[1.0, f32::NAN, f32::INFINITY, f32::NEG_INFINITY, -0.0]);
    let t = "tensor<5xi1>";
    same_after_lowering("nn.is_nan", "", &[&x], t);
    for attrs in [
        "",
        "{detect_negative = false}",
        "{detect_positive = false}",
        "{detect_negative = false, detect_positive = false}",
    ] {
        same_after_lowering("nn.is_inf", attrs, &[&x], t);
    }
}

#[test]
fn min_and_prod_reductions_lower_to_tensor_reduce() {
    let x = Tensor::from_f32(Scalar::F32, vec![2, 3], vec![4.0, -1.0, 2.0, 0.5, 8.0, 3.0]).unwrap();
    let ir = same_after_lowering(
        "nn.reduce_min",
        "{axes = array<i64: 1>}",
        &[&x],
        "tensor<2x1xf32>",
    );
    assert!(ir.contains("op = \"min\""), "{ir}");
    let ir = same_after_lowering("nn.reduce_prod", "{keepdims = false}", &[&x], "tensor<f32>");
    assert!(ir.contains("op = \"prod\""), "{ir}");
}

#[test]
fn index_ops_without_a_mapping_fail_at_their_location() {
    let x = f32s(&[1.0, 3.0, 2.0]);
    let cases = [
        ("nn.argmax", "", "tensor<1xi64>"),
        ("nn.argmin", "", "tensor<1xi64>"),
        ("nn.cumsum", "{axis = 0 : i64}", "tensor<3xf32>"),
    ];
    for (op, attrs, out) in cases {
        let mut m = parse(&op_text(op, attrs, &[&x], out));
        let d = lower(&mut m).unwrap_err();
        let msg = d.to_string();
        assert!(
            msg.contains(op) && msg.contains("no sound mapping"),
            "{msg}"
        );
        assert!(d.loc.to_string().contains("t.mlir"), "{}", d.loc);
    }
    let i = ints(Scalar::I64, &[5, 2]);
    let r = "{axes = array<i64: 0>}";
    let mut m = parse(&op_text("nn.reduce_min", r, &[&i], "tensor<1xi64>"));
    assert!(lower(&mut m).is_err());
}
