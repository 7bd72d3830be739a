//! GEMM throughput of the interpreter: `nn.matmul` of 1024×1024 by 1024×1024 FP32 through
//! `run_function`, on 1 and 2 threads, reported in GFLOP/s (best of several runs).
//!
//! Run with `cargo bench -p neuron-interp --bench gemm` (`-- N` picks another size).

use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::Scalar;
use std::time::Instant;

fn main() {
    neuron_nn::link();
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1024);
    let ty = format!("tensor<{n}x{n}xf32>");
    let text = format!(
        "func.func @main(%a: {ty}, %b: {ty}) -> {ty} {{\n  \
         %c = \"nn.matmul\"(%a, %b) : ({ty}, {ty}) -> {ty}\n  \
         func.return %c : {ty}\n}}\n"
    );
    let m = parse_module(&text, &"bench.mlir".into(), &ParseOptions::default())
        .unwrap_or_else(|d| panic!("bench module does not parse: {d}"));
    let values = |seed: u32| -> Vec<f32> {
        (0..n * n)
            .map(|i| ((i as u32).wrapping_mul(2654435761) ^ seed) as f32 / u32::MAX as f32 - 0.5)
            .collect()
    };
    let a = Tensor::from_f32(Scalar::F32, vec![n, n], values(1)).expect("tensor a");
    let b = Tensor::from_f32(Scalar::F32, vec![n, n], values(2)).expect("tensor b");
    let flops = 2.0 * (n as f64).powi(3);
    for threads in [1, 2] {
        let opts = InterpOptions { threads };
        let mut best = f64::INFINITY;
        for _ in 0..6 {
            let inputs = vec![a.clone(), b.clone()];
            let t = Instant::now();
            let out = run_function(&m, "main", inputs, &opts).expect("matmul runs");
            best = best.min(t.elapsed().as_secs_f64());
            std::hint::black_box(out);
        }
        println!(
            "gemm {n}x{n}x{n} f32, {threads} thread(s): {:.1} GFLOP/s ({:.2} ms)",
            flops / best / 1e9,
            best * 1e3
        );
    }
}
