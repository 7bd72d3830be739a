// RUN: neuron-opt %s
// RUN: neuron-opt %s | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt --mlir-print-op-generic
// A named module with attributes, and function attributes with argument attributes.
module @model attributes {nn.source = "hand-written", nn.version = 3 : i64} {
  func.func @main(%x: tensor<2xf32> {nn.name = "input"}, %y: tensor<2xf32>) -> tensor<2xf32> attributes {nn.entry} {
    %0 = nn.mul %x, %y : tensor<2xf32>
    return %0 : tensor<2xf32>
  }
}
