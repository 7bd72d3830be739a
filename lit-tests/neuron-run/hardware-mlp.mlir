// RUN: neuron-run %S/../../examples/mlp.mlir --input %S/../../examples/mlp.input.npy --target inf1
// RUN: neuron-run %S/../../examples/mlp.mlir --input %S/../../examples/mlp.input.npy --target trn1 --compare-reference
// RUN: neuron-run %S/../../examples/mlp.mlir --input %S/../../examples/mlp.input.npy --fast-math none --compare-reference --tolerance rtol=0.001,atol=0
// RUN: neuron-run %S/../../examples/mlp.mlir --input %S/../../examples/mlp.input.npy --fast-math fp32-cast-matmult-fp16 --cost
// RUN: neuron-run %S/../../examples/mlp.mlir --input %S/../../examples/mlp.input.npy --target trn1 --auto-cast all --auto-cast-type fp16 --compare-reference --format json
// RUN: neuron-run %S/../../examples/mlp.mlir --random-inputs --seed 5 --target trn1 --auto-cast all --rounding stochastic --compare-reference --threads 1
// RUN: neuron-run %S/../../examples/mlp.mlir --random-inputs --seed 5 --target trn1 --auto-cast all --rounding stochastic --compare-reference --threads 2
// RUN: neuron-run %S/../../examples/mlp.mlir --input %S/../../examples/mlp.input.npy --target trn1 --auto-cast all --rounding nearest --compare-reference
// RUN: neuron-run %S/../../examples/mlp.mlir --input %S/../../examples/mlp.input.npy --fp32-cast matmult --pass-pipeline 'builtin.module(cse)' --compare-reference --output-dir %t
// RUN: neuron-run %S/../../examples/mlp.mlir --input %S/../../examples/mlp.input.npy --auto-cast matmult --compare-reference
// The hardware path on the example MLP (examples/mlp.mlir: matmul, add, relu, matmul, add):
// 1 --target alone: inf1's compiler default (--fast-math all) applies, no comparison or cost;
// 2 trn1's default is --auto-cast none: FP32 matmults, so the result equals the reference
//   (error 0) and the cost table shows the FP32 Tensor-engine rate;
// 3 --fast-math none (BF16 matmults only) against a tight tolerance: some elements outside;
// 4 --cost without a comparison; FP16 matmults;
// 5 neuronx-cc flags, the whole report as JSON (summary, reference summary, error, cost);
// 6-7 stochastic rounding (trn1 only) seeded by --seed: the same result at 1 and 2 threads;
// 8 the same with round-to-nearest-even: another result;
// 9 the deprecated --fp32-cast (a warning) with a user pipeline after the precision passes,
//   outputs of the lowered run written to %t;
// 10 a neuronx-cc flag on inf1: a warning, lowered anyway.
