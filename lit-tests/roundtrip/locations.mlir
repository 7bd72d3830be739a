// RUN: neuron-opt %s --mlir-print-debuginfo
// RUN: neuron-opt %s --mlir-print-debuginfo | neuron-opt --mlir-print-debuginfo
// RUN: neuron-opt %s --mlir-print-debuginfo --mlir-print-op-generic
// Explicit locations are kept; ops without one get their position in this file.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32> loc("model.py":10:4)
  %1 = nn.relu %0 : tensor<2xf32> loc("named")
  %2 = nn.neg %1 : tensor<2xf32> loc(unknown)
  %3 = nn.neg %2 : tensor<2xf32>
  return %3 : tensor<2xf32>
}
