// RUN: neuron-opt %s --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect | neuron-opt --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect --mlir-print-op-generic | neuron-opt --allow-unregistered-dialect --mlir-print-op-generic
// Dense elements: nested literals, splats, integers, booleans, narrow floats, rank 0, hex elements.
func.func @dense() {
  "test.dense"() {a = dense<[[1.0, 2.0], [3.0, 4.5]]> : tensor<2x2xf32>, b = dense<0.5> : tensor<3x4xf32>, c = dense<[1, -2, 3]> : tensor<3xi32>, d = dense<[true, false]> : tensor<2xi1>, e = dense<[0.1, 0.2]> : tensor<2xbf16>, f = dense<1.0> : tensor<f32>, g = dense<[0x7FC00000, 0x7F800000, 1.0]> : tensor<3xf32>, h = dense<[[-1, 0], [127, -128]]> : tensor<2x2xi8>, i = dense<7> : tensor<2x2xi64>, j = dense<[448.0, -0.5]> : tensor<2xf8E4M3FN>, k = dense<[1.0, 2.0]> : tensor<2xf16>, l = dense<[1.5, 2.0]> : tensor<2xtf32>, m = dense<[4, 5]> : tensor<2xindex>} : () -> ()
  return
}
