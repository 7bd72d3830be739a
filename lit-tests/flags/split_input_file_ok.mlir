// RUN: neuron-opt %s --split-input-file --pass-pipeline='builtin.module(cse)'
// Every chunk runs the pipeline; outputs are joined by the chunk marker.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  %3 = nn.neg %2 : tensor<2xf32>
  return %2 : tensor<2xf32>
}

// -----

func.func @g(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nn.relu %arg0 : tensor<3xf32>
  %1 = nn.relu %arg0 : tensor<3xf32>
  %2 = nn.add %0, %1 : tensor<3xf32>
  return %2 : tensor<3xf32>
}
