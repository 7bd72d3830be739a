//! Round trips of the text format: every type and attribute form, custom and generic ops,
//! multi-results, locations, and `print(parse(print(x))) == print(x)` for all printer options.

mod common;

use common::{opts, parse_ok, print, print_generic};
use neuron_ir::attributes::{Attribute, DenseArray};
use neuron_ir::parser::{parse_attribute, parse_module, parse_type, ParseOptions};
use neuron_ir::printer::{attribute_to_string, module_to_string, PrintOptions};
use neuron_ir::{Location, Scalar, Type};
use std::sync::Arc;

#[test]
fn every_type_round_trips() {
    let types = [
        "f32",
        "f16",
        "bf16",
        "tf32",
        "f8E4M3FN",
        "f8E5M2",
        "i1",
        "i8",
        "i32",
        "i64",
        "index",
        "tensor<2x3xf32>",
        "tensor<f32>",
        "tensor<0x4xi8>",
        "tensor<1x2x3x4x5xbf16>",
        "(f32, tensor<2xi32>) -> f32",
        "() -> ()",
        "(f32) -> (f32, i1)",
        "() -> ((f32) -> f32)",
    ];
    for t in types {
        let parsed = parse_type(t).unwrap_or_else(|d| panic!("{t}: {d}"));
        assert_eq!(parsed.to_string(), t);
    }
    assert_eq!(
        parse_type("tensor<2x3xf32>").unwrap(),
        Type::tensor(&[2, 3], Scalar::F32)
    );
}

/// (input, canonical printed form) pairs.
const ATTRS: &[(&str, &str)] = &[
    ("7", "7 : i64"),
    ("7 : i64", "7 : i64"),
    ("-3 : i32", "-3 : i32"),
    ("0xFF : i8", "-1 : i8"),
    ("-128 : i8", "-128 : i8"),
    ("9223372036854775807", "9223372036854775807 : i64"),
    ("-9223372036854775808", "-9223372036854775808 : i64"),
    ("0x10 : i32", "16 : i32"),
    ("3 : index", "3 : index"),
    ("1 : i1", "true"),
    ("true", "true"),
    ("false", "false"),
    ("2.5", "2.5 : f32"),
    ("2.5 : f32", "2.5 : f32"),
    ("1. : f32", "1.0 : f32"),
    ("-1.5e-3 : f16", "-0.0015001297 : f16"),
    ("1.0E+3 : f32", "1000.0 : f32"),
    ("-0.0 : f32", "-0.0 : f32"),
    ("1.000000e+00 : f16", "1.0 : f16"),
    ("0.1 : bf16", "0.100097656 : bf16"),
    ("1.0e-5 : f32", "1.0e-05 : f32"),
    ("1.5e20 : f32", "1.5e+20 : f32"),
    ("12345678.0 : f32", "1.2345678e+07 : f32"),
    ("2.71828 : f32", "2.71828 : f32"),
    ("0x7FC00000 : f32", "0x7FC00000 : f32"),
    ("0x7F800000 : f32", "0x7F800000 : f32"),
    ("0xFF800000 : f32", "0xFF800000 : f32"),
    ("0x7C00 : f16", "0x7C00 : f16"),
    ("0x7F : f8E4M3FN", "0x7F : f8E4M3FN"),
    ("0x3FC00 : tf32", "0x3FC00 : tf32"),
    ("0x3F800000 : f32", "1.0 : f32"),
    ("448.0 : f8E4M3FN", "448.0 : f8E4M3FN"),
    ("1.0 : tf32", "1.0 : tf32"),
    (r#""a\22b\0A\\ \n\t""#, r#""a\22b\0A\\ \0A\09""#),
    ("unit", "unit"),
    ("[1, true, \"s\", [unit]]", "[1 : i64, true, \"s\", [unit]]"),
    ("[]", "[]"),
    (
        "{b = 1, a, \"x y\" = 2 : i8}",
        "{a, b = 1 : i64, \"x y\" = 2 : i8}",
    ),
    ("{}", "{}"),
    ("array<i64: 1, 0>", "array<i64: 1, 0>"),
    ("array<i64>", "array<i64>"),
    ("array<i32: -1>", "array<i32: -1>"),
    ("array<i8: 127>", "array<i8: 127>"),
    ("array<i1: true, false>", "array<i1: true, false>"),
    ("array<f32: 1.5, 0x7FC00000>", "array<f32: 1.5, 0x7FC00000>"),
    ("bf16", "bf16"),
    ("tensor<2xf32>", "tensor<2xf32>"),
    ("(f32) -> f32", "(f32) -> f32"),
    ("@foo", "@foo"),
    ("@\"a b\"", "@\"a b\""),
    (
        "dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>",
        "dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>",
    ),
    ("dense<0.5> : tensor<3xf32>", "dense<0.5> : tensor<3xf32>"),
    (
        "dense<[1.0, 1.0]> : tensor<2xf32>",
        "dense<1.0> : tensor<2xf32>",
    ),
    (
        "dense<[1, -2]> : tensor<2xi32>",
        "dense<[1, -2]> : tensor<2xi32>",
    ),
    (
        "dense<[true, false]> : tensor<2xi1>",
        "dense<[true, false]> : tensor<2xi1>",
    ),
    (
        "dense<[0x7FC00000, 1.0]> : tensor<2xf32>",
        "dense<[0x7FC00000, 1.0]> : tensor<2xf32>",
    ),
    (
        "dense<\"0x0000803F\"> : tensor<4xf32>",
        "dense<1.0> : tensor<4xf32>",
    ),
    (
        "dense<\"0x0000803F00000040\"> : tensor<2xf32>",
        "dense<[1.0, 2.0]> : tensor<2xf32>",
    ),
    (
        "dense<\"0x01\"> : tensor<3xi1>",
        "dense<[true, false, false]> : tensor<3xi1>",
    ),
    (
        "dense<\"0xFF\"> : tensor<3xi1>",
        "dense<true> : tensor<3xi1>",
    ),
    (
        "dense<\"0x00FC01\"> : tensor<1xtf32>",
        "dense<1.0> : tensor<1xtf32>",
    ),
    ("dense<> : tensor<0xf32>", "dense<> : tensor<0xf32>"),
    ("dense<[]> : tensor<0xf32>", "dense<> : tensor<0xf32>"),
    ("dense<1.5> : tensor<f32>", "dense<1.5> : tensor<f32>"),
    (
        "dense<[[1], [2]]> : tensor<2x1xi8>",
        "dense<[[1], [2]]> : tensor<2x1xi8>",
    ),
    (
        "dense<[1.5, 2.5]> : tensor<2xf8E5M2>",
        "dense<[1.5, 2.5]> : tensor<2xf8E5M2>",
    ),
];

#[test]
fn every_attribute_form_round_trips() {
    for (input, want) in ATTRS {
        let a = parse_attribute(input).unwrap_or_else(|d| panic!("{input}: {d} {:?}", d.loc));
        let printed = attribute_to_string(&a);
        assert_eq!(&printed, want, "printing {input}");
        let again = parse_attribute(&printed).unwrap_or_else(|d| panic!("{printed}: {d}"));
        assert_eq!(again, a, "re-parsing {printed}");
    }
}

#[test]
fn attribute_values_are_stored_exactly() {
    assert_eq!(
        parse_attribute("7").unwrap(),
        Attribute::Integer(7, Scalar::I64)
    );
    assert_eq!(
        parse_attribute("2.5").unwrap(),
        Attribute::float(2.5, Scalar::F32)
    );
    assert_eq!(
        parse_attribute("0x7FC00000 : f32").unwrap(),
        Attribute::Float(0x7FC0_0000, Scalar::F32)
    );
    let a = parse_attribute("array<i64: 1, 0>").unwrap();
    assert_eq!(
        a,
        Attribute::DenseArray(Arc::new(DenseArray::Int(Scalar::I64, vec![1, 0])))
    );
    let d = parse_attribute("dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>").unwrap();
    let d = d.as_dense().unwrap();
    assert_eq!(
        (0..4).map(|i| d.get_f64(i)).collect::<Vec<_>>(),
        vec![1.0, 2.0, 3.0, 4.0]
    );
    let s = parse_attribute("dense<0.5> : tensor<3xf32>").unwrap();
    assert!(s.as_dense().unwrap().is_splat());
    let dict = parse_attribute("{z = 1, a = 2}").unwrap();
    let Attribute::Dict(entries) = dict else {
        panic!("not a dict")
    };
    assert_eq!(
        entries.iter().map(|e| &*e.name).collect::<Vec<_>>(),
        vec!["a", "z"]
    );
}

#[test]
fn large_dense_prints_as_hex_and_round_trips() {
    let vals: Vec<String> = (0..150).map(|i| format!("{i}.5")).collect();
    let text = format!("dense<[{}]> : tensor<150xf32>", vals.join(", "));
    let a = parse_attribute(&text).unwrap();
    let printed = attribute_to_string(&a);
    assert!(
        printed.starts_with("dense<\"0x0000003F0000C03F"),
        "{printed}"
    );
    assert_eq!(parse_attribute(&printed).unwrap(), a);
    let bools: Vec<&str> = (0..120)
        .map(|i| if i % 3 == 0 { "true" } else { "false" })
        .collect();
    let text = format!("dense<[{}]> : tensor<120xi1>", bools.join(", "));
    let a = parse_attribute(&text).unwrap();
    let printed = attribute_to_string(&a);
    assert!(printed.starts_with("dense<\"0x4992"), "{printed}");
    assert_eq!(parse_attribute(&printed).unwrap(), a);
    let tf: Vec<String> = (0..101).map(|i| format!("{i}.0")).collect();
    let a = parse_attribute(&format!("dense<[{}]> : tensor<101xtf32>", tf.join(", "))).unwrap();
    assert_eq!(parse_attribute(&attribute_to_string(&a)).unwrap(), a);
}

const CUSTOM: &str = r#"module {
  func.func @f(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>) -> tensor<2xf32> {
    %0 = test.add %arg0, %arg1 : tensor<2xf32>
    %1:2 = "x.pair"(%0) {k = 1 : i64} : (tensor<2xf32>) -> (f32, f32)
    %2:2 = test.pair %0 : (tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
    %3 = test.add %2#0, %2#1 : tensor<2xf32>
    %4 = test.const {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
    "x.sink"(%1#1, %4) : (f32, tensor<2xf32>) -> ()
    return %3 : tensor<2xf32>
  }
}
"#;

const GENERIC: &str = r#""builtin.module"() ({
  "func.func"() <{function_type = (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>, sym_name = "f"}> ({
  ^bb0(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>):
    %0 = "test.add"(%arg0, %arg1) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %1:2 = "x.pair"(%0) {k = 1 : i64} : (tensor<2xf32>) -> (f32, f32)
    %2:2 = "test.pair"(%0) : (tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>)
    %3 = "test.add"(%2#0, %2#1) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %4 = "test.const"() {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
    "x.sink"(%1#1, %4) : (f32, tensor<2xf32>) -> ()
    "func.return"(%3) : (tensor<2xf32>) -> ()
  }) : () -> ()
}) : () -> ()
"#;

#[test]
fn custom_and_generic_forms_print_as_specified() {
    let m = parse_ok(CUSTOM);
    assert_eq!(print(&m), CUSTOM);
    assert_eq!(print_generic(&m), GENERIC);
    let g = parse_ok(GENERIC);
    assert_eq!(print(&g), CUSTOM);
    assert_eq!(print_generic(&g), GENERIC);
}

#[test]
fn multi_results_are_one_group() {
    let m = parse_ok(CUSTOM);
    let f = &m.funcs[0];
    let ops: Vec<_> = f.body.ops().collect();
    let pair = f.body.op(ops[1]);
    assert_eq!(pair.num_results(), 2);
    let sink = f.body.op(ops[5]);
    assert_eq!(sink.operands()[0], pair.result(1));
}

#[test]
fn names_are_renumbered_and_short_form_parses() {
    let text = "func.func @g(%x: f32, %y.z: f32) -> f32 {\n  %sum = test.add %x, %y.z : f32\n  \
                %p:2 = test.pair %sum : (f32) -> (f32, f32)\n  %q = test.add %p#0, %p#1 : f32\n  return %q : f32\n}\n";
    let m = parse_ok(text);
    let want = "module {\n  func.func @g(%arg0: f32, %arg1: f32) -> f32 {\n    %0 = test.add %arg0, %arg1 : f32\n    \
                %1:2 = test.pair %0 : (f32) -> (f32, f32)\n    %2 = test.add %1#0, %1#1 : f32\n    return %2 : f32\n  }\n}\n";
    assert_eq!(print(&m), want);
}

#[test]
fn short_form_is_accepted_for_any_registered_op() {
    let m = parse_ok("func.func @f(%a: f32) {\n  %p:2 = test.pair %a : f32\n  return\n}\n");
    let want = "module {\n  func.func @f(%arg0: f32) {\n    %0:2 = test.pair %arg0 : (f32) -> (f32, f32)\n    return\n  }\n}\n";
    assert_eq!(print(&m), want);
}

#[test]
fn function_syntax_round_trips() {
    let text = r#"module @m attributes {x.y = 1 : i64} {
  func.func private @p(%arg0: tensor<2xf32> {some.attr = 1 : i64}, %arg1: f32) -> (tensor<2xf32> {r}, f32) attributes {foo = "bar"} {
    return %arg0, %arg1 : tensor<2xf32>, f32
  }
  func.func @"q r"() {
    return
  }
}
"#;
    let m = parse_ok(text);
    assert_eq!(print(&m), text);
    assert_eq!(m.name.as_deref(), Some("m"));
    let p = &m.funcs[0];
    let names: Vec<&str> = p.attrs.iter().map(|a| &*a.name).collect();
    assert_eq!(
        names,
        vec!["arg_attrs", "foo", "res_attrs", "sym_visibility"]
    );
    let generic = print_generic(&m);
    assert!(generic.contains(r#"<{arg_attrs = [{some.attr = 1 : i64}, {}], function_type = (tensor<2xf32>, f32) -> (tensor<2xf32>, f32), res_attrs = [{r}, {}], sym_name = "p", sym_visibility = "private"}>"#), "{generic}");
    assert!(
        generic.contains(r#"}) {foo = "bar"} : () -> ()"#),
        "{generic}"
    );
    assert_eq!(print(&parse_ok(&generic)), text);
}

#[test]
fn entry_block_labels_and_comments_are_accepted() {
    let text = "// leading comment\nmodule {\n  func.func @f(%a: f32) -> f32 { // trailing\n  ^bb0(%b: f32):\n    \
                %0 = test.add %a, %b : f32\n    return %0 : f32\n  }\n}\n";
    let m = parse_ok(text);
    assert_eq!(print(&m), "module {\n  func.func @f(%arg0: f32) -> f32 {\n    %0 = test.add %arg0, %arg0 : f32\n    return %0 : f32\n  }\n}\n");
    let empty = parse_ok("");
    assert_eq!(print(&empty), "module {\n}\n");
    assert_eq!(
        print_generic(&empty),
        "\"builtin.module\"() ({\n^bb0:\n}) : () -> ()\n"
    );
    assert_eq!(print(&parse_ok(&print_generic(&empty))), "module {\n}\n");
}

#[test]
fn ops_without_loc_get_their_first_token_location() {
    let text =
        "func.func @f(%a: f32) -> f32 {\n    %0 = test.add %a, %a : f32 loc(\"src.py\":4:2)\n  \
                %1 = \"x.y\"(%0) : (f32) -> f32\n  return %1 : f32 loc(unknown)\n}\n";
    let opts = ParseOptions {
        allow_unregistered: true,
        line_offset: 10,
    };
    let m = parse_module(text, &common::file(), &opts).unwrap();
    let f = &m.funcs[0];
    let locs: Vec<Location> = f.body.ops().map(|o| f.body.op(o).loc.clone()).collect();
    assert_eq!(locs[0], Location::file(&"src.py".into(), 4, 2));
    assert_eq!(locs[1], Location::file(&common::file(), 13, 3));
    assert_eq!(locs[2], Location::Unknown);
    assert_eq!(f.loc, Location::file(&common::file(), 11, 1));
}

#[test]
fn location_aliases_resolve_even_when_defined_later() {
    let text = "#loc1 = loc(\"a.mlir\":1:2)\nmodule {\n  func.func @f() {\n    \"x.y\"() : () -> () loc(#loc1)\n    \
                \"x.z\"() : () -> () loc(#loc2)\n    return loc(\"n\")\n  } loc(#loc1)\n} loc(#loc2)\n#loc2 = loc(\"b.mlir\":3:4)\n";
    let m = parse_ok(text);
    let want = "module {\n  func.func @f() {\n    \"x.y\"() : () -> () loc(\"a.mlir\":1:2)\n    \
                \"x.z\"() : () -> () loc(\"b.mlir\":3:4)\n    return loc(\"n\")\n  } loc(\"a.mlir\":1:2)\n} loc(\"b.mlir\":3:4)\n";
    assert_eq!(module_to_string(&m, &opts(false, true)), want);
}

#[test]
fn attribute_and_type_aliases_are_substituted() {
    let text = "#a = {k = 1 : i32}\n!t = tensor<2xf32>\nfunc.func @f(%x: !t) -> !t {\n  %0 = \"x.y\"(%x) {d = #a} : (!t) -> !t\n  return %0 : !t\n}\n";
    let m = parse_ok(text);
    let want = "module {\n  func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {\n    \
                %0 = \"x.y\"(%arg0) {d = {k = 1 : i32}} : (tensor<2xf32>) -> tensor<2xf32>\n    return %0 : tensor<2xf32>\n  }\n}\n";
    assert_eq!(print(&m), want);
}

#[test]
fn properties_merge_into_sorted_attributes() {
    let m = parse_ok(
        "func.func @f() {\n  \"x.y\"() <{z = 1, b = 2}> {a = 3} : () -> ()\n  return\n}\n",
    );
    let f = &m.funcs[0];
    let op = f.body.op(f.body.first_op().unwrap());
    let names: Vec<&str> = op.attrs.iter().map(|a| &*a.name).collect();
    assert_eq!(names, vec!["a", "b", "z"]);
}

const MODULES: &[&str] = &[
    CUSTOM,
    GENERIC,
    "module {\n}\n",
    r#"#l = loc("z.mlir":9:9)
module @named attributes {a.b = [1, 2.5, "s"], c = dense<"0x0000C07F0000803F"> : tensor<2xf32>} {
  func.func private @a(%arg0: tensor<2x3xbf16> {x = unit}) -> (tensor<2x3xbf16>, i1) attributes {n = 0x7FC00000 : f32} {
    %0 = test.add %arg0, %arg0 : tensor<2x3xbf16> loc(#l)
    %1 = "x.c"() {v = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xbf16>, w = array<f32: 0.1>} : () -> i1 loc("n")
    %2:3 = "x.three"(%0, %1) : (tensor<2x3xbf16>, i1) -> (i1, i1, f16) loc(unknown)
    return %0, %2#1 : tensor<2x3xbf16>, i1
  }
  func.func @b(%arg0: f8E4M3FN, %arg1: f8E5M2, %arg2: tf32, %arg3: index) {
    "x.use"(%arg0, %arg1, %arg2, %arg3) {s = "q\22\0A", t = (f32) -> (), y = @a, z = {"odd key" = 1 : i8}} : (f8E4M3FN, f8E5M2, tf32, index) -> ()
    return
  }
}
"#,
];

#[test]
fn print_parse_print_is_stable_for_all_options() {
    for text in MODULES {
        let m = parse_ok(text);
        for generic in [false, true] {
            for debug in [false, true] {
                for hex_threshold in [100, 1] {
                    let o = PrintOptions {
                        generic,
                        debug_info: debug,
                        hex_threshold,
                    };
                    let once = module_to_string(&m, &o);
                    let twice = module_to_string(&parse_ok(&once), &o);
                    assert_eq!(
                        once, twice,
                        "generic={generic} debug={debug} hex={hex_threshold}"
                    );
                }
            }
        }
    }
}

#[test]
fn printing_to_a_failing_writer_reports_the_error() {
    struct Fail;
    impl std::io::Write for Fail {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let m = parse_ok(CUSTOM);
    assert!(neuron_ir::printer::print_module(&m, &PrintOptions::default(), &mut Fail).is_err());
}
