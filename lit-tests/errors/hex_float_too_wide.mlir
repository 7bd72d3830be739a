// RUN: not neuron-opt %s
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> attributes {x = 0x7FC0000000 : f32} {
  return %arg0 : tensor<2xf32>
}
