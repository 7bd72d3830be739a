// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic
// Constants, casts and data movement: transpose, reshape, concat, slice (ONNX clamping, negative
// steps), gather, squeeze, unsqueeze, flatten, expand, pad.

func.func @seed(%x: tensor<2x3xf32>) -> tensor<3x2xbf16> {
  %c = nn.constant {value = dense<[1, 2]> : tensor<2xi64>} : () -> tensor<2xi64>
  %0 = nn.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = nn.reshape %0 : (tensor<3x2xf32>) -> tensor<6xf32>
  %2 = nn.reshape %1 : (tensor<6xf32>) -> tensor<3x2xf32>
  %3 = nn.cast %2 : (tensor<3x2xf32>) -> tensor<3x2xbf16>
  %4 = nn.cast %c : (tensor<2xi64>) -> tensor<2xi1>
  return %3 : tensor<3x2xbf16>
}

func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>, %c: tensor<4x3xf32>) -> tensor<2x7xf32> {
  %0 = nn.concat %a, %b, %a {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<2x7xf32>
  %1 = nn.concat %a, %c {axis = -2 : i64} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<6x3xf32>
  %2 = nn.concat %a {axis = 0 : i64} : tensor<2x3xf32>
  return %0 : tensor<2x7xf32>
}

func.func @slice(%x: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %0 = nn.slice %x {starts = array<i64: 2>, ends = array<i64: 8>, axes = array<i64: 1>} : (tensor<4x10xf32>) -> tensor<4x6xf32>
  %1 = nn.slice %x {starts = array<i64: 1, -3>, ends = array<i64: 3, 9223372036854775807>} : (tensor<4x10xf32>) -> tensor<2x3xf32>
  %2 = nn.slice %x {starts = array<i64: -1>, ends = array<i64: -9223372036854775808>, axes = array<i64: -1>, steps = array<i64: -1>} : (tensor<4x10xf32>) -> tensor<4x10xf32>
  %3 = nn.slice %x {starts = array<i64: 8>, ends = array<i64: 2>, axes = array<i64: 1>, steps = array<i64: -2>} : (tensor<4x10xf32>) -> tensor<4x3xf32>
  %4 = nn.slice %x {starts = array<i64: 100>, ends = array<i64: 200>, axes = array<i64: 0>} : (tensor<4x10xf32>) -> tensor<0x10xf32>
  %5 = nn.slice %x {starts = array<i64: 0, 1>, ends = array<i64: 10, 4>, axes = array<i64: 1, 0>, steps = array<i64: 3, 2>} : (tensor<4x10xf32>) -> tensor<2x4xf32>
  return %2 : tensor<4x10xf32>
}

func.func @gather(%table: tensor<10x4xf32>, %ids: tensor<2x3xi64>, %i32: tensor<5xi32>, %one: tensor<i64>) -> tensor<2x3x4xf32> {
  %0 = nn.gather %table, %ids : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %1 = nn.gather %table, %i32 {axis = 1 : i64} : (tensor<10x4xf32>, tensor<5xi32>) -> tensor<10x5xf32>
  %2 = nn.gather %table, %one {axis = -2 : i64} : (tensor<10x4xf32>, tensor<i64>) -> tensor<4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @rank_changes(%x: tensor<1x3x1x2xf32>) -> tensor<3x2xf32> {
  %0 = nn.squeeze %x : (tensor<1x3x1x2xf32>) -> tensor<3x2xf32>
  %1 = nn.squeeze %x {axes = array<i64: -2>} : (tensor<1x3x1x2xf32>) -> tensor<1x3x2xf32>
  %2 = nn.unsqueeze %0 {axes = array<i64: 0, -1>} : (tensor<3x2xf32>) -> tensor<1x3x2x1xf32>
  %3 = nn.flatten %x : (tensor<1x3x1x2xf32>) -> tensor<1x6xf32>
  %4 = nn.flatten %x {axis = 0 : i64} : (tensor<1x3x1x2xf32>) -> tensor<1x6xf32>
  %5 = nn.flatten %x {axis = -1 : i64} : (tensor<1x3x1x2xf32>) -> tensor<3x2xf32>
  %6 = nn.flatten %x {axis = 4 : i64} : (tensor<1x3x1x2xf32>) -> tensor<6x1xf32>
  return %0 : tensor<3x2xf32>
}

func.func @expand_pad(%x: tensor<3x1xf32>, %i: tensor<2xi32>) -> tensor<2x3x4xf32> {
  %0 = nn.expand %x : (tensor<3x1xf32>) -> tensor<2x3x4xf32>
  %1 = nn.expand %x : tensor<3x1xf32>
  %2 = nn.pad %x {pads = array<i64: 1, 0, 2, 3>} : (tensor<3x1xf32>) -> tensor<6x4xf32>
  %3 = nn.pad %x {pads = array<i64: 0, 0, 0, 1>, value = -1.5 : f32} : (tensor<3x1xf32>) -> tensor<3x2xf32>
  %4 = nn.pad %i {pads = array<i64: 2, 0>, value = 7.0 : f32} : (tensor<2xi32>) -> tensor<4xi32>
  return %0 : tensor<2x3x4xf32>
}
