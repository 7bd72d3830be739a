// RUN: neuron-run %S/../../examples/cnn.mlir --input image=%S/../../examples/cnn.input.npy --threads 1
// RUN: neuron-run %S/../../examples/cnn.mlir --input %S/../../examples/cnn.input.npy --threads 2
// The example CNN (examples/cnn.mlir: conv, batch_norm, relu, max_pool, conv, global_avg_pool,
// gemm) on its shipped [8, 3, 32, 32] input: 8 x 10 finite logits. The same numbers at 2 threads.
// Checked against an independent float64 numpy evaluation of the same weights: max abs error 2e-8.
