// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic
// Reductions: absent (or empty) axes reduce everything; keepdims defaults to true; axes may be negative.

func.func @reduce(%x: tensor<2x3x4xf32>) -> tensor<2xf32> {
  %0 = nn.reduce_sum %x : (tensor<2x3x4xf32>) -> tensor<1x1x1xf32>
  %1 = nn.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %2 = nn.reduce_mean %x {axes = array<i64: -1, 1>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2xf32>
  %3 = nn.reduce_mean %x {keepdims = false} : (tensor<2x3x4xf32>) -> tensor<f32>
  %4 = nn.reduce_max %x {axes = array<i64: 0>, keepdims = true} : (tensor<2x3x4xf32>) -> tensor<1x3x4xf32>
  %5 = nn.reduce_max %x {axes = array<i64>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<f32>
  return %2 : tensor<2xf32>
}
