// RUN: not neuron-opt %s --pass-pipeline='foo.bar(cse)'
// RUN: not neuron-opt %s --pass-pipeline='func.func(print-op-stats)'
// An unknown anchor; a module pass nested under func.func.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
