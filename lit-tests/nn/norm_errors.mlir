// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// Verifier errors of the normalisation ops.

func.func @softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.softmax' op axis 2 is out of range [-2, 1] for rank 2}}
  %0 = nn.softmax %x {axis = 2 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @softmax_rank0(%x: tensor<f32>) {
  // expected-error @+1 {{'nn.softmax' op axis -1 is invalid for a rank-0 operand (it has no dimensions)}}
  %0 = nn.softmax %x : tensor<f32>
  return
}

// -----

func.func @softmax_integers(%x: tensor<3xi32>) {
  // expected-error @+1 {{'nn.softmax' op requires a float element type, but got i32}}
  %0 = nn.softmax %x : tensor<3xi32>
  return
}

// -----

func.func @log_softmax_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op axis -3 is out of range [-2, 1] for rank 2}}
  %0 = nn.log_softmax %x {axis = -3 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @log_softmax_shape(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.log_softmax' op requires the same type for all operands and results}}
  %0 = nn.log_softmax %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @layer_norm_no_scale(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op requires 2 or 3 operands (input, scale and an optional bias), but found 1}}
  %0 = nn.layer_norm %x : tensor<2x4xf32>
  return
}

// -----

func.func @layer_norm_scale_shape(%x: tensor<2x3x4xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op scale shape [4] does not match the normalised shape [3, 4] (input dimensions from the axis on)}}
  %0 = nn.layer_norm %x, %s {axis = 1 : i64} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  return
}

// -----

func.func @layer_norm_bias_element(%x: tensor<2x4xf32>, %s: tensor<4xf32>, %b: tensor<4xbf16>) {
  // expected-error @+1 {{'nn.layer_norm' op bias element type bf16 does not match the input element type f32}}
  %0 = nn.layer_norm %x, %s, %b : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xbf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @layer_norm_epsilon(%x: tensor<2x4xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op epsilon -0.5 must be finite and >= 0}}
  %0 = nn.layer_norm %x, %s {epsilon = -0.5 : f32} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @layer_norm_axis(%x: tensor<2x4xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op axis 2 is out of range [-2, 1] for rank 2}}
  %0 = nn.layer_norm %x, %s {axis = 2 : i64} : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @layer_norm_result(%x: tensor<2x4xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{'nn.layer_norm' op result shape [4, 2] does not match the input shape [2, 4]}}
  %0 = nn.layer_norm %x, %s : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @batch_norm_param_shape(%x: tensor<2x3x4x4xf32>, %p: tensor<3xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op var shape [4] must be [3] (the channel count)}}
  %0 = nn.batch_norm %x, %p, %p, %p, %v : (tensor<2x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<4xf32>) -> tensor<2x3x4x4xf32>
  return
}

// -----

func.func @batch_norm_rank(%x: tensor<3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op input must have rank >= 2 (N, C, ...), but has rank 1}}
  %0 = nn.batch_norm %x, %p, %p, %p, %p : tensor<3xf32>
  return
}

// -----

func.func @batch_norm_operands(%x: tensor<2x3xf32>, %p: tensor<3xf32>) {
  // expected-error @+1 {{'nn.batch_norm' op requires 5 operands, but found 3}}
  %0 = nn.batch_norm %x, %p, %p : (tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @batch_norm_element(%x: tensor<2x3xf32>, %p: tensor<3xf32>, %h: tensor<3xf16>) {
  // expected-error @+1 {{'nn.batch_norm' op scale element type f16 does not match the input element type f32}}
  %0 = nn.batch_norm %x, %h, %p, %p, %p : (tensor<2x3xf32>, tensor<3xf16>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return
}
