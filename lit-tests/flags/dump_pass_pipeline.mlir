// RUN: neuron-opt %s --pass-pipeline='cse,canonicalize{max-iterations=3},func.func(dce)' --dump-pass-pipeline
// The canonical pipeline, fully anchored and with every option spelled out, on stderr.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  %3 = nn.neg %2 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
