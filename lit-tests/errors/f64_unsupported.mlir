// RUN: not neuron-opt %s
func.func @f(%arg0: tensor<2xf64>) -> tensor<2xf64> {
  return %arg0 : tensor<2xf64>
}
