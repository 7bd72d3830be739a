// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic
// Comparisons give i1 tensors of the broadcast shape; nn.where selects with broadcasting.

func.func @compare(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xi64>) -> tensor<2x3xi1> {
  %0 = nn.equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %1 = nn.less %a, %a : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %2 = nn.less_equal %b, %a : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
  %3 = nn.greater %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %4 = nn.greater_equal %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  %5 = nn.equal %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  return %4 : tensor<2x3xi1>
}

func.func @select(%c: tensor<2x1xi1>, %x: tensor<3xf32>, %y: tensor<f32>, %s: tensor<i1>) -> tensor<2x3xf32> {
  %0 = nn.where %c, %x, %y : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %1 = nn.where %s, %0, %0 : (tensor<i1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
