// RUN: neuron-opt %s --pass-pipeline='cse,dce'
// RUN: neuron-opt %s --pass-pipeline=''
// The short comma-separated form; an empty pipeline just round-trips.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
