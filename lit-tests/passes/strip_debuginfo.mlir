// RUN: neuron-opt %s --pass-pipeline='builtin.module(strip-debuginfo)' --mlir-print-debuginfo
// Every op and function location becomes loc(unknown).
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.relu %arg0 : tensor<2xf32> loc("model.py":3:9)
  %1 = nn.neg %0 : tensor<2xf32>
  return %1 : tensor<2xf32>
}
