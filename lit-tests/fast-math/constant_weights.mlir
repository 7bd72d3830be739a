// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-bf16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(no-fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --fast-math fp32-cast-matmult
// RUN: neuron-opt %s --fast-math fp32-cast-matmult-fp16
// Weights are narrowed at compile time; FP16 overflow becomes inf (shown as hex), BF16 keeps the range.
func.func @weights(%x: tensor<1x2xf32>) -> tensor<1x3xf32> {
  %w = nn.constant {value = dense<[[0.1, 70000.0, -1.0e-08], [3.0e+38, 1.0, 0.333333]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %0 = nn.matmul %x, %w : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x3xf32>
  return %0 : tensor<1x3xf32>
}
