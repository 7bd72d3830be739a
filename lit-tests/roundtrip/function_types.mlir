// RUN: neuron-opt %s --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect | neuron-opt --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect --mlir-print-op-generic | neuron-opt --allow-unregistered-dialect --mlir-print-op-generic
// Function types as results, as attributes, with zero, one and several results.
func.func @none() {
  return
}
func.func @many(%arg0: tensor<2xf32>) -> (tensor<2xf32>, i64) {
  %0 = "test.fn"(%arg0) {sig = (tensor<2xf32>, i1) -> (), sig2 = () -> (f32, f16), sig3 = (i8) -> ((i8) -> i8)} : (tensor<2xf32>) -> i64
  return %arg0, %0 : tensor<2xf32>, i64
}
