// RUN: not neuron-opt %s
// A function whose body never closes.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  return %arg0 : tensor<2xf32>
