// RUN: neuron-opt %s --allow-unregistered-dialect
// RUN: not neuron-opt %s
// Unregistered ops parse and print generically only with --allow-unregistered-dialect.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "mydialect.op"(%arg0) {k = 1 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  %1 = nn.relu %0 : tensor<2xf32>
  return %1 : tensor<2xf32>
}
