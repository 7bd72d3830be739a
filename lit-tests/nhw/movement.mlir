// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// Data movement becomes DMA ops (exact): reshape/squeeze/unsqueeze/flatten → nhw.reshape, expand →
// nhw.dma_copy, concat/slice/gather/pad → nhw.dma_*, with defaulted attributes written out. Integer
// transposes always move by DMA.
func.func @movement(%x: tensor<1x2x3xf32>, %i: tensor<2xi64>) -> (tensor<4x5xf32>, tensor<2x2x2xf32>) {
  %0 = nn.squeeze %x : (tensor<1x2x3xf32>) -> tensor<2x3xf32>
  %1 = nn.unsqueeze %0 {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<1x2x3xf32>
  %2 = nn.flatten %1 : (tensor<1x2x3xf32>) -> tensor<1x6xf32>
  %3 = nn.reshape %2 : (tensor<1x6xf32>) -> tensor<3x2xf32>
  %4 = nn.concat %3, %3 {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<6x2xf32>
  %5 = nn.slice %4 {starts = array<i64: 1>, ends = array<i64: 5>} : (tensor<6x2xf32>) -> tensor<4x2xf32>
  %6 = nn.pad %5 {pads = array<i64: 0, 1, 0, 2>, value = 1.000000e+00 : f32} : (tensor<4x2xf32>) -> tensor<4x5xf32>
  %7 = nn.gather %3, %i {axis = 1 : i64} : (tensor<3x2xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  %8 = nn.slice %7 {starts = array<i64: 0>, ends = array<i64: 2>} : (tensor<3x2xf32>) -> tensor<2x2xf32>
  %9 = nn.expand %8 : (tensor<2x2xf32>) -> tensor<2x2x2xf32>
  return %6, %9 : tensor<4x5xf32>, tensor<2x2x2xf32>
}

func.func @integer_transpose(%x: tensor<2x3xi32>) -> tensor<3x2xi32> {
  %0 = nn.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}
