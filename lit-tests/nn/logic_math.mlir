// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt
// Logical, bitwise, remainder, unary math, classifier and index ops (docs/nn-ops.md).

func.func @logic(%a: tensor<2x3xi1>, %b: tensor<3xi1>, %i: tensor<4xi32>, %j: tensor<4xi32>) -> tensor<2x3xi1> {
  %0 = nn.and %a, %b : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %1 = nn.or %0, %a : tensor<2x3xi1>
  %2 = nn.xor %1, %b : (tensor<2x3xi1>, tensor<3xi1>) -> tensor<2x3xi1>
  %3 = nn.not %2 : tensor<2x3xi1>
  %4 = nn.bitwise_and %i, %j : tensor<4xi32>
  %5 = nn.bitwise_not %4 : tensor<4xi32>
  %6 = nn.bit_shift %5, %j {direction = "right"} : tensor<4xi32>
  %7 = nn.mod %6, %j : tensor<4xi32>
  %8 = nn.mod %6, %j {fmod = true} : tensor<4xi32>
  return %3 : tensor<2x3xi1>
}

func.func @math(%x: tensor<2x4xf32>, %idx: tensor<2x2xi64>) -> tensor<2xi64> {
  %0 = nn.sin %x : tensor<2x4xf32>
  %1 = nn.atanh %0 : tensor<2x4xf32>
  %2 = nn.round %1 : tensor<2x4xf32>
  %3 = nn.sign %2 : tensor<2x4xf32>
  %4 = nn.is_nan %3 : (tensor<2x4xf32>) -> tensor<2x4xi1>
  %5 = nn.is_inf %3 {detect_negative = false} : (tensor<2x4xf32>) -> tensor<2x4xi1>
  %6 = nn.argmax %x {axis = 1 : i64, keepdims = false, select_last_index = true} : (tensor<2x4xf32>) -> tensor<2xi64>
  %7 = nn.argmin %x : (tensor<2x4xf32>) -> tensor<1x4xi64>
  %8 = nn.reduce_min %x {axes = array<i64: 1>} : (tensor<2x4xf32>) -> tensor<2x1xf32>
  %9 = nn.reduce_prod %x {keepdims = false} : (tensor<2x4xf32>) -> tensor<f32>
  %10 = nn.cumsum %x {axis = -1 : i64, exclusive = true, reverse = true} : tensor<2x4xf32>
  %11 = nn.gather_elements %x, %idx {axis = 1 : i64} : (tensor<2x4xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
  return %6 : tensor<2xi64>
}
