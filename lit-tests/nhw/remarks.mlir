// RUN: neuron-opt %s --verify-diagnostics --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --fast-math all --pass-pipeline='builtin.module(lower-to-nhw)'
// On inf1 the lowering remarks each FP32 matmult it casts to bf16 (there is no FP32 matmul on inf1);
// after --fast-math all the cast pass already did it, and no remark is left.
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>, %c: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-remark @below {{f32 matmult is not supported on inf1: operands cast to bf16}}
  %0 = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  // expected-remark @below {{f32 matmult is not supported on inf1: operands cast to bf16}}
  %1 = nn.gemm %c, %b : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
  %2 = nn.add %0, %1 : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %2 : tensor<2x2xf32>
}
