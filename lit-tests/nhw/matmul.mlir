// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// nn.matmul and nn.batch_matmul become nhw.matmult. On inf1 an FP32 (or TF32, FP8, integer) matmult is
// illegal: the operands are cast to bf16 (constants converted in place), with a remark; on trn1 FP32 stays.
// 1-D operands are promoted by reshapes, broadcast batch dimensions materialised by nhw.dma_copy.
func.func @plain(%a: tensor<4x8xf32>) -> tensor<4x16xf32> {
  %w = nn.constant {value = dense<0.1> : tensor<8x16xf32>} : () -> tensor<8x16xf32>
  %0 = nn.matmul %a, %w : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

func.func @vector_and_broadcast(%v: tensor<8xf32>, %a: tensor<2x1x3x8xf32>, %b: tensor<5x8x4xf32>) -> (tensor<5x4xf32>, tensor<2x5x3x4xf32>) {
  %0 = nn.matmul %v, %b : (tensor<8xf32>, tensor<5x8x4xf32>) -> tensor<5x4xf32>
  %1 = nn.matmul %a, %b : (tensor<2x1x3x8xf32>, tensor<5x8x4xf32>) -> tensor<2x5x3x4xf32>
  return %0, %1 : tensor<5x4xf32>, tensor<2x5x3x4xf32>
}

func.func @narrow(%a: tensor<2x3x4xbf16>, %b: tensor<2x4x5xbf16>, %c: tensor<3x4xf16>, %d: tensor<4x2xf16>) -> (tensor<2x3x5xf32>, tensor<3x2xf16>) {
  %0 = nn.batch_matmul %a, %b : (tensor<2x3x4xbf16>, tensor<2x4x5xbf16>) -> tensor<2x3x5xf32>
  %1 = nn.matmul %c, %d : (tensor<3x4xf16>, tensor<4x2xf16>) -> tensor<3x2xf16>
  return %0, %1 : tensor<2x3x5xf32>, tensor<3x2xf16>
}

func.func @integer(%a: tensor<2x3xi32>, %b: tensor<3x2xi32>) -> tensor<2x2xi32> {
  %0 = nn.matmul %a, %b : (tensor<2x3xi32>, tensor<3x2xi32>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}
