// RUN: neuron-opt %s --pass-pipeline='builtin.module(cse,cse,dce)' --mlir-print-ir-after-all --mlir-print-ir-after-change
// RUN: neuron-opt %s --pass-pipeline='builtin.module(cse,cse,dce)' --mlir-print-ir-after-change
// With after-all, only passes that changed the IR dump it: the second cse and dce change nothing.
// Alone, --mlir-print-ir-after-change only narrows other dump flags (as in mlir-opt), so it prints nothing.
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  %3 = nn.neg %2 : tensor<2xf32>
  return %2 : tensor<2xf32>
}
