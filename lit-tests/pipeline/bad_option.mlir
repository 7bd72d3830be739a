// RUN: not neuron-opt %s --pass-pipeline='canonicalize{bogus=1}'
// RUN: not neuron-opt %s --pass-pipeline='canonicalize{max-iterations=many}'
// RUN: not neuron-opt %s --pass-pipeline='cse{x}'
// Unknown options and bad option values are located errors.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
