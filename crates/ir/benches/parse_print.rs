//! Throughput of the parser and the printer on a generated generic-form module (the shape of
//! `tools/bench-parse.py`): `cargo bench -p neuron-ir [-- OPS]`, default 1,000,000 ops.

use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::printer::{print_module, PrintOptions};
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

const T: &str = "tensor<4x8xf32>";

/// A module of `n` ops in one function, in generic form.
fn generate(n: usize) -> String {
    let mut s = String::with_capacity(n * 110);
    s.push_str("\"builtin.module\"() ({\n");
    let _ = writeln!(
        s,
        "  \"func.func\"() <{{function_type = ({T}, {T}) -> {T}, sym_name = \"main\"}}> ({{"
    );
    let _ = writeln!(s, "  ^bb0(%arg0: {T}, %arg1: {T}):");
    let (mut a, mut b) = ("%arg1".to_string(), "%arg0".to_string());
    for i in 0..n {
        let _ = match i % 4 {
            0 => writeln!(s, "    %{i} = \"nn.add\"({a}, {b}) : ({T}, {T}) -> {T}"),
            1 => writeln!(s, "    %{i} = \"nn.mul\"({a}, {b}) : ({T}, {T}) -> {T}"),
            2 => writeln!(s, "    %{i} = \"nn.relu\"({a}) : ({T}) -> {T}"),
            _ => writeln!(
                s,
                "    %{i} = \"test.op\"({a}, {b}) {{alpha = 5.000000e-01 : f32, axis = 1 : i64}} : ({T}, {T}) -> {T}"
            ),
        };
        b = std::mem::replace(&mut a, format!("%{i}"));
    }
    let _ = writeln!(
        s,
        "    \"func.return\"({a}) : ({T}) -> ()\n  }}) : () -> ()\n}}) : () -> ()"
    );
    s
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let text = generate(n);
    let file: Arc<str> = "bench.mlir".into();
    let opts = ParseOptions {
        allow_unregistered: true,
        line_offset: 0,
    };
    let t0 = Instant::now();
    let m = parse_module(&text, &file, &opts).expect("the generated module parses");
    let parse = t0.elapsed().as_secs_f64();
    let mut sink = std::io::sink();
    let t1 = Instant::now();
    print_module(&m, &PrintOptions::default(), &mut sink).expect("printing to a sink");
    let print = t1.elapsed().as_secs_f64();
    let ops = m.num_ops() as f64;
    println!(
        "{n} ops, {:.1} MB: parse {parse:.3} s ({:.2} M ops/s, {:.0} MB/s), print {print:.3} s ({:.2} M ops/s)",
        text.len() as f64 / 1e6,
        ops / parse / 1e6,
        text.len() as f64 / parse / 1e6,
        ops / print / 1e6
    );
}
