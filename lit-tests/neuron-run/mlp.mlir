// RUN: neuron-run %S/../../examples/mlp.mlir --input %S/../../examples/mlp.input.npy --threads 1
// RUN: neuron-run %S/../../examples/mlp.mlir --input arg0=%S/../../examples/mlp.input.npy --threads 2
// RUN: neuron-run %S/../../examples/mlp.mlir --random-inputs --seed 42 --threads 1
// The example MLP (examples/mlp.mlir, 4x16 -> 10) on its shipped input, by position and by its
// default name arg0, at 1 and 2 threads (the same result), and on a seeded random input.
