// RUN: neuron-opt %s --pass-pipeline='builtin.module(print-op-stats)' --allow-unregistered-dialect
// RUN: neuron-opt %s --pass-pipeline='builtin.module(print-op-stats{json})' --allow-unregistered-dialect
// Op counts per kind on stderr, in mlir-opt's layout, or as JSON.
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %a, %a : tensor<2xf32>
  %1 = nn.add %0, %a : tensor<2xf32>
  %2 = nn.relu %1 : tensor<2xf32>
  %3 = "test.effect"(%2) : (tensor<2xf32>) -> tensor<2xf32>
  return %3 : tensor<2xf32>
}
func.func @g(%a: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.neg %a : tensor<2xf32>
  return %0 : tensor<2xf32>
}
