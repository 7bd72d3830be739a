// RUN: not neuron-opt %s
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
^bb0(%a: tensor<2xf32>):
  return %a : tensor<2xf32>
^bb1:
  return %arg0 : tensor<2xf32>
}
