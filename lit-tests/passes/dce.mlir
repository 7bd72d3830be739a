// RUN: neuron-opt %s --pass-pipeline='builtin.module(dce)' --allow-unregistered-dialect
// Unused pure ops go, transitively; unregistered ops (unknown side effects) stay.
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %a, %a : tensor<2xf32>
  %1 = nn.mul %0, %0 : tensor<2xf32>
  %2 = nn.relu %1 : tensor<2xf32>
  %3 = "test.effect"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  %4 = nn.neg %a : tensor<2xf32>
  return %4 : tensor<2xf32>
}
