// RUN: not neuron-opt %s --pass-pipeline='builtin.module(cse'
// RUN: not neuron-opt %s --pass-pipeline='builtin.module(cse))'
// RUN: not neuron-opt %s --pass-pipeline='canonicalize{max-iterations=3'
// RUN: not neuron-opt %s --pass-pipeline='cse,,dce'
// RUN: not neuron-opt %s --pass-pipeline='cse dce'
// Unbalanced brackets, empty elements and trailing text.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
