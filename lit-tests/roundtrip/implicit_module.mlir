// RUN: neuron-opt %s
// RUN: neuron-opt %s | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt --mlir-print-op-generic
// Top-level functions without a module get an implicit module; values are renumbered.
func.func @first(%x: tensor<2xf32>) -> tensor<2xf32> {
  %sum = nn.add %x, %x : tensor<2xf32>
  %act = nn.relu %sum : tensor<2xf32>
  return %act : tensor<2xf32>
}
func.func private @second(%y: tensor<3xf32>) -> tensor<3xf32> {
  %neg = nn.neg %y : tensor<3xf32>
  return %neg : tensor<3xf32>
}
