// RUN: neuron-opt %s --pass-pipeline='builtin.module(func.func(cse,canonicalize{max-iterations=2}),dce)' --dump-pass-pipeline
// RUN: neuron-opt %s --pass-pipeline='any(cse)'
// Nested anchors, options and the any() anchor.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
