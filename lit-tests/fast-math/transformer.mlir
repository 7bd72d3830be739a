// RUN: neuron-opt %s --pass-pipeline='builtin.module(fast-math-all,canonicalize)' --print-precision-summary
// A small transformer encoder block (batch 1, sequence 4, hidden 8, 2 heads of 4, FFN 16): the input of the
// fast-math lit tests. Weights are splats to keep the file short; the structure is what the passes see.
func.func @encoder(%x: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %wq = nn.constant {value = dense<0.125> : tensor<8x8xf32>} : () -> tensor<8x8xf32>
  %wk = nn.constant {value = dense<-0.0625> : tensor<8x8xf32>} : () -> tensor<8x8xf32>
  %wv = nn.constant {value = dense<0.25> : tensor<8x8xf32>} : () -> tensor<8x8xf32>
  %wo = nn.constant {value = dense<0.1> : tensor<8x8xf32>} : () -> tensor<8x8xf32>
  %bq = nn.constant {value = dense<0.01> : tensor<8xf32>} : () -> tensor<8xf32>
  %scale = nn.constant {value = dense<0.5> : tensor<f32>} : () -> tensor<f32>
  %g1 = nn.constant {value = dense<1.0> : tensor<8xf32>} : () -> tensor<8xf32>
  %b1 = nn.constant {value = dense<0.0> : tensor<8xf32>} : () -> tensor<8xf32>
  %w1 = nn.constant {value = dense<0.05> : tensor<8x16xf32>} : () -> tensor<8x16xf32>
  %w2 = nn.constant {value = dense<-0.05> : tensor<16x8xf32>} : () -> tensor<16x8xf32>
  %q0 = nn.matmul %x, %wq : (tensor<1x4x8xf32>, tensor<8x8xf32>) -> tensor<1x4x8xf32>
  %q = nn.add %q0, %bq : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  %k = nn.matmul %x, %wk : (tensor<1x4x8xf32>, tensor<8x8xf32>) -> tensor<1x4x8xf32>
  %v = nn.matmul %x, %wv : (tensor<1x4x8xf32>, tensor<8x8xf32>) -> tensor<1x4x8xf32>
  %qr = nn.reshape %q : (tensor<1x4x8xf32>) -> tensor<1x4x2x4xf32>
  %kr = nn.reshape %k : (tensor<1x4x8xf32>) -> tensor<1x4x2x4xf32>
  %vr = nn.reshape %v : (tensor<1x4x8xf32>) -> tensor<1x4x2x4xf32>
  %qt = nn.transpose %qr {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x4x2x4xf32>) -> tensor<1x2x4x4xf32>
  %kt = nn.transpose %kr {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x2x4xf32>) -> tensor<1x2x4x4xf32>
  %vt = nn.transpose %vr {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x4x2x4xf32>) -> tensor<1x2x4x4xf32>
  %s0 = nn.batch_matmul %qt, %kt : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %s = nn.mul %s0, %scale : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %p = nn.softmax %s {axis = -1 : i64} : tensor<1x2x4x4xf32>
  %o0 = nn.batch_matmul %p, %vt : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %o1 = nn.transpose %o0 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x2x4xf32>
  %o2 = nn.reshape %o1 : (tensor<1x4x2x4xf32>) -> tensor<1x4x8xf32>
  %o = nn.matmul %o2, %wo : (tensor<1x4x8xf32>, tensor<8x8xf32>) -> tensor<1x4x8xf32>
  %r1 = nn.add %x, %o : tensor<1x4x8xf32>
  %n1 = nn.layer_norm %r1, %g1, %b1 {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  %f1 = nn.matmul %n1, %w1 : (tensor<1x4x8xf32>, tensor<8x16xf32>) -> tensor<1x4x16xf32>
  %f2 = nn.gelu %f1 : tensor<1x4x16xf32>
  %f3 = nn.matmul %f2, %w2 : (tensor<1x4x16xf32>, tensor<16x8xf32>) -> tensor<1x4x8xf32>
  %r2 = nn.add %n1, %f3 : tensor<1x4x8xf32>
  %n2 = nn.layer_norm %r2, %g1, %b1 {axis = -1 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  return %n2 : tensor<1x4x8xf32>
}
