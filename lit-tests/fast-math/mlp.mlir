// RUN: neuron-opt %S/../../examples/mlp.mlir --fast-math fp32-cast-matmult --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// RUN: neuron-opt %S/../../examples/mlp.mlir --fast-math all --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// The shipped MLP: weights are stored narrowed (bf16) after canonicalize.
