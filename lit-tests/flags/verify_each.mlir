// RUN: neuron-opt %s --pass-pipeline='builtin.module(cse)' --verify-each=false
// RUN: neuron-opt %s --pass-pipeline='builtin.module(cse)' --verify-each=true
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  %3 = nn.neg %2 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
