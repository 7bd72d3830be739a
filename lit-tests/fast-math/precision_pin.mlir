// RUN: neuron-opt %s --fast-math all
// An op with nn.precision = "fp32" is kept in FP32 (the tuner uses this per op).
func.func @pin(%a: tensor<2x4xf32>, %b: tensor<4x4xf32>) -> tensor<2x4xf32> {
  %0 = nn.matmul %a, %b {nn.precision = "fp32"} : (tensor<2x4xf32>, tensor<4x4xf32>) -> tensor<2x4xf32>
  %1 = nn.softmax %0 {axis = -1 : i64, nn.precision = "fp32"} : tensor<2x4xf32>
  %2 = nn.tanh %1 : tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}
