// RUN: not neuron-opt %s --split-input-file
// Chunks are parsed and printed independently; the bad middle chunk reports its original line number,
// the others still print, and the run exits 1.
func.func @one(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  return %arg0 : tensor<2xf32>
}

// -----

func.func @two(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %undefined : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @three(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  %0 = nn.relu %arg0 : tensor<3xf32>
  return %0 : tensor<3xf32>
}
