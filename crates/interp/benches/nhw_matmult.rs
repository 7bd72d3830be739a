//! Throughput of the `nhw` interpreter's BF16-emulated matmult beside the FP32 GEMM of the same
//! library: 1024×1024 by 1024×1024 (`-- N` picks another size), on 1 and 2 threads, in GFLOP/s
//! (best of 12 runs of each program, alternated), with the overhead of the BF16 rounding and the
//! time of the two casts alone.
//!
//! The BF16 program is the one `lower-to-nhw{target=inf1}` makes of an FP32 matmul: two
//! `nhw.cast`s to bf16, then `nhw.matmult` with FP32 accumulation. The FP32 program is the
//! `nn.matmul` the `gemm` bench measures.
//!
//! Run with `cargo bench -p neuron-interp --bench nhw_matmult`.

use neuron_interp::nhw::{self, NhwOptions};
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::{Module, Scalar};
use std::time::Instant;

fn module(text: &str) -> Module {
    parse_module(text, &"bench.mlir".into(), &ParseOptions::default())
        .unwrap_or_else(|d| panic!("bench module does not parse: {d}"))
}

/// The best wall time of each program over several rounds, run alternately so that a busy
/// machine slows them alike.
fn best_of(runs: &mut [&mut dyn FnMut()]) -> Vec<f64> {
    let mut best = vec![f64::INFINITY; runs.len()];
    for _ in 0..12 {
        for (b, f) in best.iter_mut().zip(runs.iter_mut()) {
            let t = Instant::now();
            f();
            *b = b.min(t.elapsed().as_secs_f64());
        }
    }
    best
}

/// `@main(%a, %b)` of `f`-typed square matrices: the FP32 `nn.matmul`, the BF16 `nhw` program,
/// and the two casts alone.
fn programs(f: &str, b: &str) -> [Module; 3] {
    let cast = |v: &str, x: &str| format!("  %{x} = \"nhw.cast\"(%{v}) : ({f}) -> {b}\n");
    let head = format!("func.func @main(%a: {f}, %b: {f})");
    let casts = cast("a", "x") + &cast("b", "y");
    [
        format!("{head} -> {f} {{\n  %c = \"nn.matmul\"(%a, %b) : ({f}, {f}) -> {f}\n  func.return %c : {f}\n}}\n"),
        format!("{head} -> {f} {{\n{casts}  %c = \"nhw.matmult\"(%x, %y) : ({b}, {b}) -> {f}\n  func.return %c : {f}\n}}\n"),
        format!("{head} -> ({b}, {b}) {{\n{casts}  func.return %x, %y : {b}, {b}\n}}\n"),
    ]
    .map(|t| module(&t))
}

fn main() {
    neuron_nn::link();
    neuron_nhw::link();
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1024);
    let [fp32, bf16, casts] = programs(
        &format!("tensor<{n}x{n}xf32>"),
        &format!("tensor<{n}x{n}xbf16>"),
    );
    let values = |seed: u32| -> Vec<f32> {
        (0..n * n)
            .map(|i| ((i as u32).wrapping_mul(2654435761) ^ seed) as f32 / u32::MAX as f32 - 0.5)
            .collect()
    };
    let a = Tensor::from_f32(Scalar::F32, vec![n, n], values(1)).expect("tensor a");
    let bt = Tensor::from_f32(Scalar::F32, vec![n, n], values(2)).expect("tensor b");
    let flops = 2.0 * (n as f64).powi(3);
    for threads in [1, 2] {
        let opts = NhwOptions {
            threads,
            ..NhwOptions::default()
        };
        let nhw_run = |m: &Module| {
            let out = nhw::run_function(m, "main", vec![a.clone(), bt.clone()], &opts);
            std::hint::black_box(out.expect("nhw program runs"));
        };
        let t = best_of(&mut [
            &mut || {
                let ins = vec![a.clone(), bt.clone()];
                let out = run_function(&fp32, "main", ins, &InterpOptions { threads });
                std::hint::black_box(out.expect("fp32 matmul runs"));
            },
            &mut || nhw_run(&bf16),
            &mut || nhw_run(&casts),
        ]);
        println!(
            "{n}x{n}x{n}, {threads} thread(s): fp32 gemm {:.1} GFLOP/s ({:.2} ms), bf16-emulated \
             nhw.matmult {:.1} GFLOP/s ({:.2} ms): overhead {:+.1}%; the two casts alone {:.2} ms",
            flops / t[0] / 1e9,
            t[0] * 1e3,
            flops / t[1] / 1e9,
            t[1] * 1e3,
            (t[1] / t[0] - 1.0) * 100.0,
            t[2] * 1e3,
        );
    }
}
