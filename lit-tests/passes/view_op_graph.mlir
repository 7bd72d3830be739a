// RUN: neuron-opt %s --pass-pipeline='builtin.module(view-op-graph)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(view-op-graph{print-attrs=false})'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(view-op-graph{max-label-len=8})'
// The dataflow graph as Graphviz DOT on stderr.
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<4x2xf32> {
  %0 = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = nn.relu %0 : tensor<2x4xf32>
  %2 = nn.transpose %1 {perm = array<i64: 1, 0>} : (tensor<2x4xf32>) -> tensor<4x2xf32>
  return %2 : tensor<4x2xf32>
}
