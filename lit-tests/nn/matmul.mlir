// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic
// The matmult-engine ops: nn.matmul (ONNX MatMul), nn.batch_matmul, nn.gemm (optional c, flags).

func.func @matmul(%a: tensor<4x2x3xf32>, %b: tensor<3x5xf32>, %v: tensor<3xf32>) -> tensor<4x2x5xf32> {
  %0 = nn.matmul %a, %b : (tensor<4x2x3xf32>, tensor<3x5xf32>) -> tensor<4x2x5xf32>
  %1 = nn.matmul %v, %v : (tensor<3xf32>, tensor<3xf32>) -> tensor<f32>
  %2 = nn.matmul %a, %v : (tensor<4x2x3xf32>, tensor<3xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2x5xf32>
}

func.func @batch_matmul(%a: tensor<2x3x4xbf16>, %b: tensor<2x4x5xbf16>, %c: tensor<6x2x3x3xf32>) -> tensor<2x3x5xbf16> {
  %0 = nn.batch_matmul %a, %b : (tensor<2x3x4xbf16>, tensor<2x4x5xbf16>) -> tensor<2x3x5xbf16>
  %1 = nn.batch_matmul %c, %c : tensor<6x2x3x3xf32>
  // Narrow operands may accumulate into an f32 result.
  %2 = nn.batch_matmul %a, %b : (tensor<2x3x4xbf16>, tensor<2x4x5xbf16>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xbf16>
}

func.func @gemm(%a: tensor<2x3xf32>, %at: tensor<3x2xf32>, %b: tensor<3x4xf32>, %bt: tensor<4x3xf32>, %c: tensor<4xf32>, %m: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = nn.gemm %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %1 = nn.gemm %a, %b, %c : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %2 = nn.gemm %at, %bt, %m {alpha = 5.000000e-01 : f32, beta = 2.0 : f32, transA = true, transB = true} : (tensor<3x2xf32>, tensor<4x3xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %3 = nn.gemm %at, %b {transA = true, transB = false} : (tensor<3x2xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %2 : tensor<2x4xf32>
}
