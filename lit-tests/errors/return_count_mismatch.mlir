// RUN: not neuron-opt %s
func.func @f(%arg0: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  return %arg0 : tensor<2xf32>
}
