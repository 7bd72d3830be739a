// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1},cse,canonicalize)'
// RUN: not neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=inf1})'
// Every nhw op parses, verifies and prints; lowering an nhw module again for its target changes nothing
// (for another target it is an error), and the generic passes run over the ops.
module attributes {nhw.target = "trn1"} {
  func.func @ops(%x: tensor<2x3xf32>, %i: tensor<2xi64>, %img: tensor<1x2x4x4xbf16>) -> (tensor<3x2xf32>, tensor<1x8x16xbf16>, tensor<1x2x2x2xf32>) {
    %c = "nhw.constant"() {value = dense<1.0> : tensor<3xf32>} : () -> tensor<3xf32>
    %0 = "nhw.cast"(%x) : (tensor<2x3xf32>) -> tensor<2x3xbf16>
    %1 = "nhw.dma_transpose"(%0) {perm = array<i64: 1, 0>} : (tensor<2x3xbf16>) -> tensor<3x2xbf16>
    %2 = "nhw.matmult"(%0, %1) : (tensor<2x3xbf16>, tensor<3x2xbf16>) -> tensor<2x2xf32>
    %3 = "nhw.pe_transpose"(%x) {perm = array<i64: 1, 0>, dtype = f16, saturate_infinity} : (tensor<2x3xf32>) -> tensor<3x2xf32>
    %4 = "nhw.activation"(%3) {func = "exp", scale = -1.0 : f32, bias = 0.5 : f32} : (tensor<3x2xf32>) -> tensor<3x2xf32>
    %5 = "nhw.tensor_tensor"(%4, %3) {op = "greater"} : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xi1>
    %6 = "nhw.select"(%5, %4, %3) : (tensor<3x2xi1>, tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
    %7 = "nhw.tensor_reduce"(%6) {op = "sum", axes = array<i64: 1>, keepdims = true, acc = f32} : (tensor<3x2xf32>) -> tensor<3x1xf32>
    %8 = "nhw.tensor_tensor"(%6, %7) {op = "div"} : (tensor<3x2xf32>, tensor<3x1xf32>) -> tensor<3x2xf32>
    %9 = "nhw.reshape"(%c) : (tensor<3xf32>) -> tensor<3x1xf32>
    %10 = "nhw.dma_copy"(%9) : (tensor<3x1xf32>) -> tensor<3x2xf32>
    %11 = "nhw.dma_concat"(%8, %10) {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<6x2xf32>
    %12 = "nhw.dma_slice"(%11) {starts = array<i64: 1>, ends = array<i64: 4>, axes = array<i64: 0>, steps = array<i64: 1>} : (tensor<6x2xf32>) -> tensor<3x2xf32>
    %13 = "nhw.dma_gather"(%12, %i) {axis = 0 : i64} : (tensor<3x2xf32>, tensor<2xi64>) -> tensor<2x2xf32>
    %14 = "nhw.dma_pad"(%13) {pads = array<i64: 0, 0, 1, 0>, value = 0.0 : f32} : (tensor<2x2xf32>) -> tensor<3x2xf32>
    %r = "nhw.tensor_reduce"(%2) {op = "max", axes = array<i64: 0>, keepdims = false, acc = f32} : (tensor<2x2xf32>) -> tensor<2xf32>
    %15 = "nhw.tensor_tensor"(%14, %r) {op = "add"} : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    %16 = "nhw.im2col"(%img) {kernel_shape = array<i64: 2, 2>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 1, 1>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x4x4xbf16>) -> tensor<1x8x16xbf16>
    %17 = "nhw.pool"(%img) {kind = "avg", kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, count_include_pad = false} : (tensor<1x2x4x4xbf16>) -> tensor<1x2x2x2xf32>
    return %15, %16, %17 : tensor<3x2xf32>, tensor<1x8x16xbf16>, tensor<1x2x2x2xf32>
  }
}
