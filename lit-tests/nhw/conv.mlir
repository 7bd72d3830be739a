// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: neuron-opt %s --fast-math none --pass-pipeline='builtin.module(lower-to-nhw)'
// nn.conv2d becomes matmult work: nhw.im2col of the input ([G, C/G·kH·kW, N·Ho·Wo]), the weights reshaped
// to [G, M/G, C/G·kH·kW], one batched nhw.matmult, the bias added per channel, then the layout change to
// NCHW: a reshape for one image, a compiler-inserted transpose for a batch (exact under --fast-math none).
func.func @single(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %w = nn.constant {value = dense<0.1> : tensor<4x3x3x3xf32>} : () -> tensor<4x3x3x3xf32>
  %b = nn.constant {value = dense<[0.5, -0.5, 1.0, 0.0]> : tensor<4xf32>} : () -> tensor<4xf32>
  %0 = nn.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

func.func @batch_groups(%x: tensor<2x4x5x6xf32>, %w: tensor<6x2x3x2xf32>) -> tensor<2x6x3x6xf32> {
  %0 = nn.conv2d %x, %w {pads = array<i64: 1, 0, 1, 2>, strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, group = 2 : i64} : (tensor<2x4x5x6xf32>, tensor<6x2x3x2xf32>) -> tensor<2x6x3x6xf32>
  return %0 : tensor<2x6x3x6xf32>
}
