// RUN: not neuron-opt %s
func.func @f(%arg0: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = nn.transpose %arg0 {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}
