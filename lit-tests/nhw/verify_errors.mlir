// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// The nhw verifiers: each broken rule is a located error.

func.func @f(%a: tensor<2x3xi8>, %b: tensor<3x2xi8>) -> tensor<2x2xf32> {
  // expected-error @below {{'nhw.matmult' op operand element type i8 is not a Tensor-engine type (bf16, f16, tf32, f8E4M3FN, f8E5M2, f32)}}
  %0 = "nhw.matmult"(%a, %b) : (tensor<2x3xi8>, tensor<3x2xi8>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @f(%a: tensor<2x3x4xbf16>, %b: tensor<3x4x5xbf16>) -> tensor<2x3x5xf32> {
  // expected-error @below {{'nhw.matmult' op batch dimensions differ: [2] vs [3]}}
  %0 = "nhw.matmult"(%a, %b) : (tensor<2x3x4xbf16>, tensor<3x4x5xbf16>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @below {{'nhw.pe_transpose' op dtype must be bf16, f16, tf32 or f32, but got f8E4M3FN}}
  %0 = "nhw.pe_transpose"(%a) {perm = array<i64: 1, 0>, dtype = f8E4M3FN} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @below {{'nhw.activation' op func "swish" is not one of "identity", "relu", "leaky_relu", "exp", "log", "sqrt", "rsqrt", "reciprocal", "tanh", "sigmoid", "erf", "gelu", "gelu_tanh", "neg", "abs", "square", "clip"}}
  %0 = "nhw.activation"(%a) {func = "swish"} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error @below {{'nhw.activation' op requires float element types, but got i32 -> i32 (func "exp")}}
  %0 = "nhw.activation"(%a) {func = "exp"} : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2x1xf32> {
  // expected-error @below {{'nhw.tensor_reduce' op acc must be a float type}}
  %0 = "nhw.tensor_reduce"(%a) {op = "sum", axes = array<i64: 1>, keepdims = true, acc = i32} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xbf16> {
  // expected-error @below {{'nhw.dma_transpose' op result element type bf16 does not match the input element type f32 (data movement does not convert)}}
  %0 = "nhw.dma_transpose"(%a) {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xbf16>
  return %0 : tensor<2x3xbf16>
}

// -----

func.func @f(%a: tensor<1x3x4x4xf32>) -> tensor<1x27x16xf32> {
  // expected-error @below {{'nhw.im2col' op requires attribute 'strides'}}
  %0 = "nhw.im2col"(%a) {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x4x4xf32>) -> tensor<1x27x16xf32>
  return %0 : tensor<1x27x16xf32>
}

// -----

func.func @f(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{'nhw.tensor_tensor' op op "and" takes integer operands only, but got f32}}
  %0 = "nhw.tensor_tensor"(%a, %b) {op = "and"} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @f(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @below {{'nhw.activation' op func "not" takes integer inputs only, but got f32}}
  %0 = "nhw.activation"(%a) {func = "not"} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
