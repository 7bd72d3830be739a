// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// Verifier errors of nn.conv2d and the pooling ops: ranks, channels, groups, window attributes.

func.func @conv_result(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op result shape [1, 6, 8, 8] does not match the inferred shape [1, 6, 6, 6]}}
  %0 = nn.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @conv_input_rank(%x: tensor<4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op input must have rank 4 (NCHW), but has rank 3}}
  %0 = nn.conv2d %x, %w : (tensor<4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<6x3x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op weight dimension 1 has size 3, but input channels / group = 4 / 1 = 4}}
  %0 = nn.conv2d %x, %w : (tensor<1x4x8x8xf32>, tensor<6x3x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_group_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<6x1x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op group 3 does not divide the 4 input channels}}
  %0 = nn.conv2d %x, %w {group = 3 : i64} : (tensor<1x4x8x8xf32>, tensor<6x1x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_group_outputs(%x: tensor<1x4x8x8xf32>, %w: tensor<5x1x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op group 4 does not divide the 5 output channels (weight dimension 0)}}
  %0 = nn.conv2d %x, %w {group = 4 : i64} : (tensor<1x4x8x8xf32>, tensor<5x1x3x3xf32>) -> tensor<1x5x6x6xf32>
  return
}

// -----

func.func @conv_group_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op group 0 must be >= 1}}
  %0 = nn.conv2d %x, %w {group = 0 : i64} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_strides(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op strides [1, 0] must all be >= 1}}
  %0 = nn.conv2d %x, %w {strides = array<i64: 1, 0>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_pads_length(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op pads [1, 1] must have 4 values, but has 2}}
  %0 = nn.conv2d %x, %w {pads = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32>
  return
}

// -----

func.func @conv_negative_pad(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op pads [0, 0, -1, 0] must all be >= 0}}
  %0 = nn.conv2d %x, %w {pads = array<i64: 0, 0, -1, 0>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x5x6xf32>
  return
}

// -----

func.func @conv_dilations(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op dilations [0, 1] must all be >= 1}}
  %0 = nn.conv2d %x, %w {dilations = array<i64: 0, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_kernel_too_big(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{'nn.conv2d' op kernel extent 9 (kernel 3, dilation 4) exceeds the padded input height 8}}
  %0 = nn.conv2d %x, %w {dilations = array<i64: 4, 1>} : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>) -> tensor<1x6x1x6xf32>
  return
}

// -----

func.func @conv_bias_shape(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'nn.conv2d' op bias shape [4] must be [6] (the output channels)}}
  %0 = nn.conv2d %x, %w, %b : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<4xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @conv_two_biases(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6xf32>) {
  // expected-error @+1 {{'nn.conv2d' op requires at most 3 operands (input, weight and an optional bias), but found 4}}
  %0 = nn.conv2d %x, %w, %b, %b : (tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6xf32>, tensor<6xf32>) -> tensor<1x6x6x6xf32>
  return
}

// -----

func.func @max_pool_no_kernel(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op requires attribute 'kernel_shape'}}
  %0 = nn.max_pool2d %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @max_pool_kernel_zero(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op kernel_shape [0, 2] must all be >= 1}}
  %0 = nn.max_pool2d %x {kernel_shape = array<i64: 0, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x3xf32>
  return
}

// -----

func.func @max_pool_pad_too_big(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op pad 2 along the width must be smaller than the kernel extent 2}}
  %0 = nn.max_pool2d %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x5xf32>
  return
}

// -----

func.func @max_pool_result(%x: tensor<1x2x5x5xf32>) {
  // expected-error @+1 {{'nn.max_pool2d' op result shape [1, 2, 3, 3] does not match the inferred shape [1, 2, 2, 2]}}
  %0 = nn.max_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @max_pool_integers(%x: tensor<1x2x4x4xi32>) {
  // expected-error @+1 {{'nn.max_pool2d' op requires a float element type, but got i32}}
  %0 = nn.max_pool2d %x {kernel_shape = array<i64: 2, 2>} : (tensor<1x2x4x4xi32>) -> tensor<1x2x3x3xi32>
  return
}

// -----

func.func @avg_pool_strides(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d' op strides [2] must have 2 values, but has 1}}
  %0 = nn.avg_pool2d %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return
}

// -----

func.func @avg_pool_rank(%x: tensor<2x4x4xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d' op input must have rank 4 (NCHW), but has rank 3}}
  %0 = nn.avg_pool2d %x {kernel_shape = array<i64: 2, 2>} : (tensor<2x4x4xf32>) -> tensor<2x3x3xf32>
  return
}

// -----

func.func @avg_pool_count_include_pad(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d' op attribute 'count_include_pad' failed to satisfy constraint: a bool attribute}}
  %0 = nn.avg_pool2d %x {kernel_shape = array<i64: 2, 2>, count_include_pad = 1 : i64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @avg_pool_kernel_too_big(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.avg_pool2d' op kernel extent 5 (kernel 5, dilation 1) exceeds the padded input width 4}}
  %0 = nn.avg_pool2d %x {kernel_shape = array<i64: 1, 5>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x1xf32>
  return
}

// -----

func.func @global_avg_pool_result(%x: tensor<1x2x4x4xf32>) {
  // expected-error @+1 {{'nn.global_avg_pool' op result shape [1, 2] does not match the inferred shape [1, 2, 1, 1]}}
  %0 = nn.global_avg_pool %x : (tensor<1x2x4x4xf32>) -> tensor<1x2xf32>
  return
}

// -----

func.func @global_avg_pool_rank(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'nn.global_avg_pool' op input must have rank 4 (NCHW), but has rank 2}}
  %0 = nn.global_avg_pool %x : (tensor<2x4xf32>) -> tensor<2x4x1x1xf32>
  return
}
