// RUN: not neuron-opt %s
// The generic form lets a value be named before it is defined; it must not parse as valid IR.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %1, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  return %0 : tensor<2xf32>
}
