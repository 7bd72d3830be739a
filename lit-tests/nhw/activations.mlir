// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// Unary ops become Scalar-engine nhw.activation {func}; leaky_relu keeps its alpha (written out when
// defaulted), clip its bounds, gelu picks gelu or gelu_tanh. Same on both targets.
func.func @unary(%x: tensor<8xf16>) -> tensor<8xf16> {
  %0 = nn.neg %x : tensor<8xf16>
  %1 = nn.abs %0 : tensor<8xf16>
  %2 = nn.exp %1 : tensor<8xf16>
  %3 = nn.log %2 : tensor<8xf16>
  %4 = nn.sqrt %3 : tensor<8xf16>
  %5 = nn.rsqrt %4 : tensor<8xf16>
  %6 = nn.reciprocal %5 : tensor<8xf16>
  %7 = nn.tanh %6 : tensor<8xf16>
  %8 = nn.sigmoid %7 : tensor<8xf16>
  %9 = nn.erf %8 : tensor<8xf16>
  %10 = nn.relu %9 : tensor<8xf16>
  return %10 : tensor<8xf16>
}

func.func @with_attributes(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = nn.leaky_relu %x : tensor<2x4xf32>
  %1 = nn.leaky_relu %0 {alpha = 2.000000e-01 : f32} : tensor<2x4xf32>
  %2 = nn.clip %1 {min = -1.000000e+00 : f32, max = 6.000000e+00 : f32} : tensor<2x4xf32>
  %3 = nn.clip %2 {max = 3.000000e+00 : f32} : tensor<2x4xf32>
  %4 = nn.gelu %3 : tensor<2x4xf32>
  %5 = nn.gelu %4 {approximate = "tanh"} : tensor<2x4xf32>
  return %5 : tensor<2x4xf32>
}
