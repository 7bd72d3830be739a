// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// Verifier errors of the elementwise nn ops: shapes, element types, attributes.

func.func @add_not_broadcastable(%a: tensor<4x1xf32>, %b: tensor<5x3xf32>) {
  // expected-error @+1 {{'nn.add' op operand shapes [4, 1] and [5, 3] are not broadcast-compatible}}
  %0 = nn.add %a, %b : (tensor<4x1xf32>, tensor<5x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @sub_wrong_result(%a: tensor<2x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'nn.sub' op result shape [3] does not match the broadcast shape [2, 3] of the operands}}
  %0 = nn.sub %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @mul_mixed_elements(%a: tensor<3xf32>, %b: tensor<3xf16>) {
  // expected-error @+1 {{'nn.mul' op operand element types differ: f32 vs f16}}
  %0 = nn.mul %a, %b : (tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return
}

// -----

func.func @div_mixed_integers(%a: tensor<3xi32>, %b: tensor<3xui32>) {
  // expected-error @+1 {{'nn.div' op operand element types differ: i32 vs ui32}}
  %0 = nn.div %a, %b : (tensor<3xi32>, tensor<3xui32>) -> tensor<3xi32>
  return
}

// -----

func.func @pow_result_element(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.pow' op result element type bf16 does not match operand element type f32}}
  %0 = nn.pow %a, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xbf16>
  return
}

// -----

func.func @max_not_broadcastable(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'nn.max' op operand shapes [2] and [3] are not broadcast-compatible}}
  %0 = nn.max %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @min_integer_result(%a: tensor<3xi8>) {
  // expected-error @+1 {{'nn.min' op result element type i16 does not match operand element type i8}}
  %0 = nn.min %a, %a : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi16>
  return
}

// -----

func.func @neg_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.neg' op requires the same type for all operands and results}}
  %0 = nn.neg %a : (tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @abs_integers(%a: tensor<3xi32>) {
  // expected-error @+1 {{'nn.abs' op requires a float element type, but got i32}}
  %0 = nn.abs %a : tensor<3xi32>
  return
}

// -----

func.func @exp_type(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.exp' op requires the same type for all operands and results}}
  %0 = nn.exp %a : (tensor<3xf32>) -> tensor<3xf16>
  return
}

// -----

func.func @log_integers(%a: tensor<3xi64>) {
  // expected-error @+1 {{'nn.log' op requires a float element type, but got i64}}
  %0 = nn.log %a : tensor<3xi64>
  return
}

// -----

func.func @sqrt_two_operands(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.sqrt' op requires 1 operands, but found 2}}
  %0 = "nn.sqrt"(%a, %a) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @rsqrt_integers(%a: tensor<3xi1>) {
  // expected-error @+1 {{'nn.rsqrt' op requires a float element type, but got i1}}
  %0 = nn.rsqrt %a : tensor<3xi1>
  return
}

// -----

func.func @reciprocal_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.reciprocal' op requires the same type for all operands and results}}
  %0 = nn.reciprocal %a : (tensor<3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @tanh_integers(%a: tensor<2xi32>) {
  // expected-error @+1 {{'nn.tanh' op requires a float element type, but got i32}}
  %0 = nn.tanh %a : tensor<2xi32>
  return
}

// -----

func.func @sigmoid_scalar(%a: f32) {
  // expected-error @+1 {{'nn.sigmoid' op operand #0 must be a tensor, but got f32}}
  %0 = nn.sigmoid %a : f32
  return
}

// -----

func.func @relu_shape(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.relu' op requires the same type for all operands and results}}
  %0 = nn.relu %a : (tensor<3xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @erf_integers(%a: tensor<2xi8>) {
  // expected-error @+1 {{'nn.erf' op requires a float element type, but got i8}}
  %0 = nn.erf %a : tensor<2xi8>
  return
}

// -----

func.func @leaky_relu_int_alpha(%a: tensor<2xf32>) {
  // expected-error @+1 {{'nn.leaky_relu' op attribute 'alpha' failed to satisfy constraint: a float attribute}}
  %0 = nn.leaky_relu %a {alpha = 1 : i64} : tensor<2xf32>
  return
}

// -----

func.func @leaky_relu_integers(%a: tensor<2xi32>) {
  // expected-error @+1 {{'nn.leaky_relu' op requires a float element type, but got i32}}
  %0 = nn.leaky_relu %a : tensor<2xi32>
  return
}

// -----

func.func @clip_min_above_max(%a: tensor<2xf32>) {
  // expected-error @+1 {{'nn.clip' op min 6 is greater than max 0}}
  %0 = nn.clip %a {min = 6.0 : f32, max = 0.0 : f32} : tensor<2xf32>
  return
}

// -----

func.func @clip_nan_bound(%a: tensor<2xf32>) {
  // expected-error @+1 {{'nn.clip' op min and max must not be NaN}}
  %0 = nn.clip %a {min = 0x7FC00000 : f32} : tensor<2xf32>
  return
}

// -----

func.func @gelu_bad_mode(%a: tensor<2xf32>) {
  // expected-error @+1 {{'nn.gelu' op approximate must be "none" or "tanh", but got "erf"}}
  %0 = nn.gelu %a {approximate = "erf"} : tensor<2xf32>
  return
}

// -----

func.func @gelu_mode_not_string(%a: tensor<2xf32>) {
  // expected-error @+1 {{'nn.gelu' op attribute 'approximate' failed to satisfy constraint: a string attribute}}
  %0 = nn.gelu %a {approximate = true} : tensor<2xf32>
  return
}
