// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(mixed-precision-accumulation{enable=false},lower-to-nhw{target=trn1})'
// Reductions become nhw.tensor_reduce with their axes written out and an accumulation type (FP32, or the
// bf16 input type without mixed-precision accumulation); pooling becomes nhw.pool, global average pooling
// a mean over H and W.
func.func @reduce(%x: tensor<2x3x4xbf16>) -> (tensor<1x3x1xbf16>, tensor<bf16>, tensor<2x3xbf16>) {
  %0 = nn.reduce_sum %x {axes = array<i64: 0, -1>} : (tensor<2x3x4xbf16>) -> tensor<1x3x1xbf16>
  %1 = nn.reduce_mean %x {keepdims = false} : (tensor<2x3x4xbf16>) -> tensor<bf16>
  %2 = nn.reduce_max %x {axes = array<i64: 2>, keepdims = false} : (tensor<2x3x4xbf16>) -> tensor<2x3xbf16>
  return %0, %1, %2 : tensor<1x3x1xbf16>, tensor<bf16>, tensor<2x3xbf16>
}

func.func @pool(%x: tensor<1x2x5x5xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>) {
  %0 = nn.max_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %1 = nn.avg_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true} : (tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32>
  %2 = nn.global_avg_pool %x : (tensor<1x2x5x5xf32>) -> tensor<1x2x1x1xf32>
  return %0, %1, %2 : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>, tensor<1x2x1x1xf32>
}
