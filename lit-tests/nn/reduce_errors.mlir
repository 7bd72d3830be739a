// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// Verifier errors of the reductions.

func.func @sum_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_sum' op axes [2] has 2, out of range [-2, 1] for rank 2}}
  %0 = nn.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @sum_keepdims_shape(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_sum' op result shape [2] does not match the inferred shape [2, 1]}}
  %0 = nn.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @mean_duplicate_axes(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_mean' op axes [1, -1] refer to dimension 1 more than once}}
  %0 = nn.reduce_mean %x {axes = array<i64: 1, -1>, keepdims = false} : (tensor<2x3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @mean_integer_result(%x: tensor<2x3xi32>) {
  // expected-error @+1 {{'nn.reduce_mean' op result element type f32 does not match operand element type i32}}
  %0 = nn.reduce_mean %x : (tensor<2x3xi32>) -> tensor<1x1xf32>
  return
}

// -----

func.func @max_keepdims_not_bool(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_max' op attribute 'keepdims' failed to satisfy constraint: a bool attribute}}
  %0 = nn.reduce_max %x {keepdims = 0 : i64} : (tensor<2x3xf32>) -> tensor<f32>
  return
}

// -----

func.func @max_result_element(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_max' op result element type f16 does not match operand element type f32}}
  %0 = nn.reduce_max %x : (tensor<2x3xf32>) -> tensor<1x1xf16>
  return
}

// -----

func.func @max_all_without_keepdims(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reduce_max' op result shape [1, 1] does not match the inferred shape []}}
  %0 = nn.reduce_max %x {keepdims = false} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  return
}
