// RUN: neuron-opt %S/../../examples/mlp.mlir --pass-pipeline='builtin.module(fp32-cast-all,canonicalize)' --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// RUN: neuron-opt %S/../../examples/mlp.mlir --pass-pipeline='builtin.module(fp32-cast-all-fp16,canonicalize)' --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// RUN: neuron-opt %S/../../examples/mlp.mlir --pass-pipeline='builtin.module(fp32-cast-matmult,canonicalize)' --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// RUN: neuron-opt %S/../../examples/mlp.mlir --pass-pipeline='builtin.module(fp32-cast-matmult-bf16,canonicalize)' --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// RUN: neuron-opt %S/../../examples/mlp.mlir --pass-pipeline='builtin.module(fp32-cast-matmult-fp16,canonicalize)' --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// RUN: neuron-opt %S/../../examples/mlp.mlir --pass-pipeline='builtin.module(fast-relayout,canonicalize)' --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// RUN: neuron-opt %S/../../examples/mlp.mlir --pass-pipeline='builtin.module(no-fast-relayout,canonicalize)' --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// RUN: neuron-opt %S/../../examples/mlp.mlir --fast-math fp32-cast-matmult --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// RUN: neuron-opt %S/../../examples/mlp.mlir --fast-math all --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=8
// The shipped MLP: weights are stored narrowed (bf16) after canonicalize.
