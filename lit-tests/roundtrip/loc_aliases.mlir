// RUN: neuron-opt %s --mlir-print-debuginfo
// Location aliases, as mlir-opt prints them with --mlir-print-debuginfo, are resolved.
#loc1 = loc("net.py":3:1)
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.relu %arg0 : tensor<2xf32> loc(#loc1)
  return %0 : tensor<2xf32>
}
