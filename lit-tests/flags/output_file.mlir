// RUN: neuron-opt %s -o %t
// RUN: cat %t
// RUN: not neuron-opt %S/../errors/undefined_value.mlir -o %t
// RUN: cat %t
// -o writes atomically: after a failed run the previous output is still intact.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  %3 = nn.neg %2 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
