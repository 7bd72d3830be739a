// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic
// NCHW convolution and pooling: Ho = (H + pad_top + pad_bottom - dilation*(kH-1) - 1) / stride + 1.

func.func @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6xf32>, %g: tensor<6x2x3x3xf32>, %dw: tensor<4x1x3x3xf32>) -> tensor<1x6x6x6xf32> {
  %0 = nn.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  %1 = nn.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  %2 = nn.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
  %3 = nn.conv2d %x, %w {dilations = array<i64: 2, 3>, pads = array<i64: 0, 2, 1, 0>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x5x4xf32>
  %4 = nn.conv2d %x, %g {group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x6x6xf32>
  %5 = nn.conv2d %x, %dw {group = 4 : i64, strides = array<i64: 3, 1>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>) -> tensor<1x4x2x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

func.func @pool(%x: tensor<2x3x7x7xf32>) -> tensor<2x3x1x1xf32> {
  %0 = nn.max_pool2d %x {kernel_shape = array<i64: 3, 3>} : (tensor<2x3x7x7xf32>) -> tensor<2x3x5x5xf32>
  %1 = nn.max_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<2x3x7x7xf32>) -> tensor<2x3x4x4xf32>
  %2 = nn.max_pool2d %x {kernel_shape = array<i64: 2, 2>, dilations = array<i64: 2, 2>} : (tensor<2x3x7x7xf32>) -> tensor<2x3x5x5xf32>
  %3 = nn.avg_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<2x3x7x7xf32>) -> tensor<2x3x3x3xf32>
  %4 = nn.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : (tensor<2x3x7x7xf32>) -> tensor<2x3x7x7xf32>
  %5 = nn.global_avg_pool %x : (tensor<2x3x7x7xf32>) -> tensor<2x3x1x1xf32>
  return %5 : tensor<2x3x1x1xf32>
}
