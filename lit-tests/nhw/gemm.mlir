// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(no-fast-relayout,lower-to-nhw{target=trn1})'
// RUN: neuron-opt %s --auto-cast matmult --auto-cast-type fp16 --enable-saturate-infinity --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// nn.gemm: transA/transB are compiler-inserted transposes (pe_transpose by default: bf16 on inf1, the
// operand type on trn1; dma_transpose under no-fast-relayout; saturate_infinity when recorded), alpha and
// beta are activation scales, c is added by the Vector engine.
func.func @gemm(%a: tensor<8x4xf32>, %b: tensor<6x8xf32>, %c: tensor<6xf32>) -> tensor<4x6xf32> {
  %0 = nn.gemm %a, %b, %c {alpha = 5.000000e-01 : f32, beta = 2.000000e+00 : f32, transA = true, transB = true} : (tensor<8x4xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

func.func @linear(%x: tensor<2x8xf32>, %w: tensor<6x8xf32>, %b: tensor<6xf32>) -> tensor<2x6xf32> {
  %0 = nn.gemm %x, %w, %b {transB = true} : (tensor<2x8xf32>, tensor<6x8xf32>, tensor<6xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}
