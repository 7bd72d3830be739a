//! Shared helpers of the parser/printer tests: a small registered `test` dialect, parsing and
//! printing shortcuts.

#![allow(dead_code)]

use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::printer::{module_to_string, PrintOptions};
use neuron_ir::registry::{traits, Arity, DialectDef, OpDef, OpRegistration};
use neuron_ir::{Diagnostic, Module};
use std::sync::Arc;

neuron_ir::inventory::submit! { DialectDef { name: "test", summary: "ops for parser tests", materialize_constant: None } }

/// Builds a static op definition (written out rather than with `define_op!`, whose transcriber
/// currently rejects ops with fixed operands).
macro_rules! test_op {
    ($fn:ident, $name:literal, $operands:expr, $results:expr, $traits:expr) => {
        fn $fn() -> &'static OpDef {
            static DEF: OpDef = OpDef {
                name: $name,
                summary: "op for parser tests",
                operand_names: &[],
                operands: $operands,
                result_names: &[],
                results: $results,
                attrs: &[],
                traits: $traits,
                verify: None,
                fold: None,
                canonicalize: None,
            };
            &DEF
        }
        neuron_ir::inventory::submit! { OpRegistration($fn) }
    };
}

test_op!(
    test_add,
    "test.add",
    Arity::Exact(2),
    Arity::Exact(1),
    traits::PURE | traits::SAME_OPERANDS_AND_RESULT_TYPE
);
test_op!(
    test_pair,
    "test.pair",
    Arity::Exact(1),
    Arity::Exact(2),
    traits::PURE
);
test_op!(
    test_const,
    "test.const",
    Arity::Exact(0),
    Arity::Exact(1),
    traits::PURE | traits::CONSTANT_LIKE
);

/// The file name used in every test.
pub fn file() -> Arc<str> {
    "t.mlir".into()
}

/// Parses with unregistered ops allowed.
pub fn parse(text: &str) -> Result<Module, Diagnostic> {
    let opts = ParseOptions {
        allow_unregistered: true,
        line_offset: 0,
    };
    parse_module(text, &file(), &opts)
}

/// Parses, panicking with the diagnostic on failure.
pub fn parse_ok(text: &str) -> Module {
    parse(text).unwrap_or_else(|d| panic!("parse failed: {d} at {:?}\n{text}", d.loc))
}

/// Print options from the two flags.
pub fn opts(generic: bool, debug_info: bool) -> PrintOptions {
    PrintOptions {
        generic,
        debug_info,
        ..PrintOptions::default()
    }
}

/// Prints with the default options.
pub fn print(m: &Module) -> String {
    module_to_string(m, &PrintOptions::default())
}

/// Prints generically.
pub fn print_generic(m: &Module) -> String {
    module_to_string(m, &opts(true, false))
}
