// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic
// Normalisation ops: softmax/log_softmax along an axis, layer_norm over trailing dims, batch_norm per channel.

func.func @softmax(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = nn.softmax %x : tensor<2x3x4xf32>
  %1 = nn.softmax %0 {axis = 1 : i64} : tensor<2x3x4xf32>
  %2 = nn.log_softmax %1 : tensor<2x3x4xf32>
  %3 = nn.log_softmax %2 {axis = -3 : i64} : tensor<2x3x4xf32>
  return %3 : tensor<2x3x4xf32>
}

func.func @layer_norm(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %s2: tensor<3x4xf32>) -> tensor<2x3x4xf32> {
  %0 = nn.layer_norm %x, %s : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %1 = nn.layer_norm %0, %s, %b {epsilon = 9.99999997E-7 : f32} : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %2 = nn.layer_norm %1, %s2, %s2 {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  %3 = nn.layer_norm %2, %s2 {axis = -2 : i64, epsilon = 0.0 : f32} : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  return %3 : tensor<2x3x4xf32>
}

func.func @batch_norm(%x: tensor<2x3x5x5xf16>, %p: tensor<3xf16>, %y: tensor<4x3xf32>, %q: tensor<3xf32>) -> tensor<2x3x5x5xf16> {
  %0 = nn.batch_norm %x, %p, %p, %p, %p : (tensor<2x3x5x5xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>, tensor<3xf16>) -> tensor<2x3x5x5xf16>
  %1 = nn.batch_norm %y, %q, %q, %q, %q {epsilon = 1.000000e-03 : f32} : (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<2x3x5x5xf16>
}
