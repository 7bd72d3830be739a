// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: neuron-opt %s --auto-cast all --auto-cast-type fp16 --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: neuron-opt %s --auto-cast all --auto-cast-type fp16 --disable-mixed-precision-accumulation --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// Softmax, log_softmax, layer_norm and batch_norm become engine sequences. Statistics (sums, means,
// variances and their reciprocals) are in the accumulation type — FP32, or the narrow type once
// mixed-precision accumulation is disabled — and data tensors in the op's type.
func.func @softmaxes(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %0 = nn.softmax %x : tensor<2x8xf32>
  %1 = nn.log_softmax %x {axis = 0 : i64} : tensor<2x8xf32>
  return %0, %1 : tensor<2x8xf32>, tensor<2x8xf32>
}

func.func @norms(%x: tensor<2x4x8xf32>, %g: tensor<8xf32>, %b: tensor<8xf32>, %c: tensor<4xf32>) -> (tensor<2x4x8xf32>, tensor<2x4x8xf32>) {
  %0 = nn.layer_norm %x, %g, %b {epsilon = 1.000000e-03 : f32} : (tensor<2x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
  %1 = nn.batch_norm %x, %c, %c, %c, %c : (tensor<2x4x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4x8xf32>
  return %0, %1 : tensor<2x4x8xf32>, tensor<2x4x8xf32>
}
