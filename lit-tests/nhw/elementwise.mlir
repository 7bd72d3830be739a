// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// Binary elementwise ops, comparisons and where become Vector-engine nhw.tensor_tensor / nhw.select
// (broadcasting kept, types unchanged); integer arithmetic stays integer. Same on both targets.
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = nn.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = nn.sub %0, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %2 = nn.mul %1, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %3 = nn.div %2, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = nn.pow %3, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %5 = nn.max %4, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = nn.min %5, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %6 : tensor<2x3xf32>
}

func.func @compare(%a: tensor<4xbf16>, %b: tensor<4xbf16>) -> tensor<4xbf16> {
  %0 = nn.equal %a, %b : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xi1>
  %1 = nn.less %a, %b : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xi1>
  %2 = nn.less_equal %a, %b : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xi1>
  %3 = nn.greater %a, %b : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xi1>
  %4 = nn.greater_equal %a, %b : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xi1>
  %5 = nn.where %4, %a, %b : (tensor<4xi1>, tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xbf16>
  return %5 : tensor<4xbf16>
}

func.func @integers(%a: tensor<4xi64>, %b: tensor<i64>) -> tensor<4xi64> {
  %0 = nn.add %a, %b : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  %1 = nn.mul %0, %a : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %2 = nn.neg %1 : tensor<4xi64>
  %3 = nn.sub %2, %b : (tensor<4xi64>, tensor<i64>) -> tensor<4xi64>
  %4 = nn.relu %3 : tensor<4xi64>
  return %4 : tensor<4xi64>
}
