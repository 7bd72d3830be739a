// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-bf16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(no-fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --fast-math fp32-cast-matmult
// RUN: neuron-opt %s --fast-math all
// A convolution with bias and relu: input and weight narrowed, the bias is added to the FP32 accumulator.
func.func @conv(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = nn.constant {value = dense<0.1> : tensor<4x3x3x3xf32>} : () -> tensor<4x3x3x3xf32>
  %b = nn.constant {value = dense<[0.5, -0.5, 1.0, 0.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = nn.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %1 = nn.relu %0 : tensor<1x4x8x8xf32>
  return %1 : tensor<1x4x8x8xf32>
}
