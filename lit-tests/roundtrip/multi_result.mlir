// RUN: neuron-opt %s --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect | neuron-opt --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect --mlir-print-op-generic | neuron-opt --allow-unregistered-dialect --mlir-print-op-generic
// Multi-result ops are printed as %N:k and their results used as %N#i.
func.func @multi(%arg0: tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %parts:2 = "test.split"(%arg0) {axis = 0 : i64} : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  "test.sink"(%parts#1, %parts#0) : (tensor<2xf32>, tensor<2xf32>) -> ()
  return %parts#1, %parts#0 : tensor<2xf32>, tensor<2xf32>
}
