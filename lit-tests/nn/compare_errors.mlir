// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// Verifier errors of comparisons and nn.where.

func.func @equal_not_i1(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.equal' op result element type must be i1, but got f32}}
  %0 = nn.equal %a, %a : tensor<3xf32>
  return
}

// -----

func.func @less_mixed(%a: tensor<3xf32>, %b: tensor<3xi32>) {
  // expected-error @+1 {{'nn.less' op operand element types differ: f32 vs i32}}
  %0 = nn.less %a, %b : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xi1>
  return
}

// -----

func.func @less_equal_shape(%a: tensor<2x1xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'nn.less_equal' op result shape [3] does not match the inferred shape [2, 3]}}
  %0 = nn.less_equal %a, %b : (tensor<2x1xf32>, tensor<3xf32>) -> tensor<3xi1>
  return
}

// -----

func.func @greater_not_broadcastable(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'nn.greater' op operand shapes [2] and [3] are not broadcast-compatible}}
  %0 = nn.greater %a, %b : (tensor<2xf32>, tensor<3xf32>) -> tensor<3xi1>
  return
}

// -----

func.func @greater_equal_i8(%a: tensor<3xf32>) {
  // expected-error @+1 {{'nn.greater_equal' op result element type must be i1, but got i8}}
  %0 = nn.greater_equal %a, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi8>
  return
}

// -----

func.func @where_float_condition(%c: tensor<3xf32>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.where' op condition element type must be i1, but got f32}}
  %0 = nn.where %c, %x, %x : tensor<3xf32>
  return
}

// -----

func.func @where_mixed(%c: tensor<3xi1>, %x: tensor<3xf32>, %y: tensor<3xf16>) {
  // expected-error @+1 {{'nn.where' op x and y element types differ: f32 vs f16}}
  %0 = nn.where %c, %x, %y : (tensor<3xi1>, tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return
}

// -----

func.func @where_not_broadcastable(%c: tensor<2xi1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.where' op operand shapes [2], [3] and [3] are not broadcast-compatible}}
  %0 = nn.where %c, %x, %x : (tensor<2xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @where_shape(%c: tensor<2x1xi1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.where' op result shape [3] does not match the inferred shape [2, 3]}}
  %0 = nn.where %c, %x, %x : (tensor<2x1xi1>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}
