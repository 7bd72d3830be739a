// RUN: not neuron-opt %s
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nn.frobnicate"(%arg0) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
