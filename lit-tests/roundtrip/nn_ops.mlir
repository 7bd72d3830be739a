// RUN: neuron-opt %s
// RUN: neuron-opt %s | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt --mlir-print-op-generic
// The nn ops known today in custom form: short form for same-type ops, functional type otherwise.
func.func @ops(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) -> (tensor<2x4xf32>, tensor<3x2xbf16>) {
  %w = nn.constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %s = nn.sub %c, %w : tensor<3xf32>
  %bc = nn.add %a, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %m = nn.matmul %bc, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %t = nn.transpose %a {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %r = nn.reshape %t : (tensor<3x2xf32>) -> tensor<6xf32>
  %r2 = nn.reshape %r : (tensor<6xf32>) -> tensor<3x2xf32>
  %n = nn.cast %r2 : (tensor<3x2xf32>) -> tensor<3x2xbf16>
  return %m, %n : tensor<2x4xf32>, tensor<3x2xbf16>
}
