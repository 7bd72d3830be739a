// RUN: not neuron-opt %s --pass-pipeline='builtin.module(cse,nope)'
// RUN: not neuron-opt %s --pass-pipeline='cs'
// An unknown pass: MLIR's message, a caret under it, and a suggestion when one is close.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
