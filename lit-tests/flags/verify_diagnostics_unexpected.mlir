// RUN: not neuron-opt %s --verify-diagnostics
// An error with no matching expectation is reported as unexpected.
func.func @f(%arg0: tensor<2xf32>) -> tensor<3xf32> {
  return %arg0 : tensor<2xf32>
}
