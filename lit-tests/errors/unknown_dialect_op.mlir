// RUN: not neuron-opt %s
// Without --allow-unregistered-dialect an op of an unknown dialect is an error.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "foo.bar"(%arg0) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
