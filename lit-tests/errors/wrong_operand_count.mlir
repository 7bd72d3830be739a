// RUN: not neuron-opt %s
// nn.add takes two operands; the verifier names the op and the counts.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nn.add"(%arg0) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
