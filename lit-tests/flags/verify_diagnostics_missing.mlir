// RUN: not neuron-opt %s --verify-diagnostics
// An expected error that is never produced fails the run, and so does an unexpected one.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{this error is never produced}}
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  return %0 : tensor<2xf32>
}
