// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic
// Elementwise nn ops in custom form: broadcasting binary ops, float unary ops, activations.

func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xi32>) -> tensor<2x3xf32> {
  %0 = nn.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = nn.sub %0, %a : tensor<2x3xf32>
  %2 = nn.mul %1, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = nn.div %2, %a : tensor<2x3xf32>
  %4 = nn.pow %3, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = nn.max %4, %a : tensor<2x3xf32>
  %6 = nn.min %b, %5 : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = nn.add %i, %i : tensor<4xi32>
  return %6 : tensor<2x3xf32>
}

func.func @unary(%x: tensor<4xf32>, %h: tensor<2x2xbf16>) -> tensor<4xf32> {
  %0 = nn.neg %x : tensor<4xf32>
  %1 = nn.abs %0 : tensor<4xf32>
  %2 = nn.exp %1 : tensor<4xf32>
  %3 = nn.log %2 : tensor<4xf32>
  %4 = nn.sqrt %3 : tensor<4xf32>
  %5 = nn.rsqrt %4 : tensor<4xf32>
  %6 = nn.reciprocal %5 : tensor<4xf32>
  %7 = nn.tanh %6 : tensor<4xf32>
  %8 = nn.sigmoid %7 : tensor<4xf32>
  %9 = nn.relu %8 : tensor<4xf32>
  %10 = nn.erf %9 : tensor<4xf32>
  %11 = nn.tanh %h : tensor<2x2xbf16>
  return %10 : tensor<4xf32>
}

func.func @activations(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = nn.leaky_relu %x : tensor<2x4xf32>
  %1 = nn.leaky_relu %0 {alpha = 2.000000e-01 : f32} : tensor<2x4xf32>
  %2 = nn.clip %1 : tensor<2x4xf32>
  %3 = nn.clip %2 {min = 0.000000e+00 : f32, max = 6.000000e+00 : f32} : tensor<2x4xf32>
  %4 = nn.clip %3 {max = 1.0 : f32} : tensor<2x4xf32>
  %5 = nn.gelu %4 : tensor<2x4xf32>
  %6 = nn.gelu %5 {approximate = "none"} : tensor<2x4xf32>
  %7 = nn.gelu %6 {approximate = "tanh"} : tensor<2x4xf32>
  return %7 : tensor<2x4xf32>
}
