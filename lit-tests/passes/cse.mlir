// RUN: neuron-opt %s --pass-pipeline='builtin.module(cse)' --allow-unregistered-dialect
// Identical pure ops merge (commutative operands in either order); ops with other attributes, other types
// or unregistered ops (side effects unknown) do not.
func.func @f(%a: tensor<2xf32>, %b: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %0 = nn.add %a, %b : tensor<2xf32>
  %1 = nn.add %b, %a : tensor<2xf32>
  %2 = nn.sub %a, %b : tensor<2xf32>
  %3 = nn.sub %b, %a : tensor<2xf32>
  %4 = nn.mul %0, %1 : tensor<2xf32>
  %5 = nn.mul %0, %1 : tensor<2xf32>
  %6 = "test.effect"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  %7 = "test.effect"(%a) : (tensor<2xf32>) -> tensor<2xf32>
  %8 = nn.add %4, %5 : tensor<2xf32>
  %9 = nn.add %6, %7 : tensor<2xf32>
  %10 = nn.add %2, %3 : tensor<2xf32>
  return %8, %9, %10, %1 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}
