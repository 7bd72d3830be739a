// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// Verifier errors of nn.matmul, nn.batch_matmul and nn.gemm.

func.func @matmul_contracting(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'nn.matmul' op contracting dimensions differ: lhs dimension 1 has size 3, rhs dimension 0 has size 4}}
  %0 = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return
}

// -----

func.func @batch_matmul_rank(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) {
  // expected-error @+1 {{'nn.batch_matmul' op lhs must have rank >= 3, but has rank 2}}
  %0 = nn.batch_matmul %a, %b : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @batch_matmul_batch(%a: tensor<1x3x4xf32>, %b: tensor<2x4x5xf32>) {
  // expected-error @+1 {{'nn.batch_matmul' op batch dimensions differ: [1] vs [2]}}
  %0 = nn.batch_matmul %a, %b : (tensor<1x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @batch_matmul_contracting(%a: tensor<2x3x4xf32>, %b: tensor<2x3x5xf32>) {
  // expected-error @+1 {{'nn.batch_matmul' op contracting dimensions differ: lhs dimension 2 has size 4, rhs dimension 1 has size 3}}
  %0 = nn.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  return
}

// -----

func.func @batch_matmul_result(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) {
  // expected-error @+1 {{'nn.batch_matmul' op result shape [2, 5, 3] does not match the inferred shape [2, 3, 5]}}
  %0 = nn.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x5x3xf32>
  return
}

// -----

func.func @gemm_inner(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{'nn.gemm' op inner dimensions differ: a [2, 3] (transA = false) gives K = 3, b [4, 3] (transB = false) gives K = 4}}
  %0 = nn.gemm %a, %b : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_rank(%a: tensor<2x3x1xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'nn.gemm' op a must have rank 2, but has rank 3}}
  %0 = nn.gemm %a, %b : (tensor<2x3x1xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_c_shape(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{'nn.gemm' op c shape [3] is not broadcastable to the product shape [2, 4]}}
  %0 = nn.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_c_element(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf16>) {
  // expected-error @+1 {{'nn.gemm' op c element type f16 does not match the result element type f32}}
  %0 = nn.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf16>) -> tensor<2x4xf32>
  return
}

// -----

func.func @batch_matmul_narrow_result(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) {
  // expected-error @+1 {{'nn.batch_matmul' op result element type bf16 does not match operand element type f32}}
  %0 = nn.batch_matmul %a, %b : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xbf16>
  return
}

// -----

func.func @gemm_four_operands(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf32>) {
  // expected-error @+1 {{'nn.gemm' op requires at most 3 operands (a, b and an optional c), but found 4}}
  %0 = nn.gemm %a, %b, %c, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_trans_not_bool(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'nn.gemm' op attribute 'transA' failed to satisfy constraint: a bool attribute}}
  %0 = nn.gemm %a, %b {transA = 1 : i64} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @gemm_result(%a: tensor<3x2xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{'nn.gemm' op result shape [3, 4] does not match the inferred shape [2, 4]}}
  %0 = nn.gemm %a, %b {transA = true} : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  return
}
