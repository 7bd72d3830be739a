// RUN: neuron-run %S/../../examples/cnn.mlir --input %S/../../examples/cnn.input.npy --compare-reference
// RUN: neuron-run %S/../../examples/cnn.mlir --input %S/../../examples/cnn.input.npy --fast-math "fp32-cast-matmult no-fast-relayout" --compare-reference
// RUN: neuron-run %S/../../examples/cnn.mlir --input %S/../../examples/cnn.input.npy --fast-math fp32-cast-all-fp16 --compare-reference --format json
// RUN: neuron-run %S/../../examples/cnn.mlir --input %S/../../examples/cnn.input.npy --target trn1 --auto-cast matmult --auto-cast-type tf32 --compare-reference
// RUN: neuron-run %S/../../examples/cnn.mlir --input %S/../../examples/cnn.input.npy --target trn1 --auto-cast all --compare-reference
// RUN: neuron-run %S/../../examples/cnn.mlir --input %S/../../examples/cnn.input.npy --target trn1 --auto-cast all --disable-mixed-precision-accumulation --enable-saturate-infinity --compare-reference
// The hardware path on the example CNN (examples/cnn.mlir: conv, batch_norm, relu, max_pool,
// conv, global_avg_pool, gemm): 1 inf1 with its default --fast-math all; 2 BF16 matmults with
// exact (DMA) transposes: less error, more DMA time; 3 everything in FP16, as JSON; 4 trn1 with
// TF32 matmults (11 significant bits: less error than BF16); 5 trn1 with everything in BF16;
// 6 the same with narrow (BF16) accumulation in reductions: more error than 5.
