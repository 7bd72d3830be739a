// RUN: neuron-opt %s --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect | neuron-opt --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect --mlir-print-op-generic | neuron-opt --allow-unregistered-dialect --mlir-print-op-generic
// RUN: neuron-opt %s --allow-unregistered-dialect --mlir-print-elementsattrs-with-hex-if-larger=2
// Raw little-endian hex data: a splat (one element) and full buffers; printed as hex above the threshold.
func.func @hex() {
  "test.hex"() {splat = dense<"0x0000803F"> : tensor<4xf32>, full = dense<"0x0000803F000000400000404000008040"> : tensor<4xf32>, bf = dense<"0x803F0040"> : tensor<2xbf16>, ints = dense<"0x0100000002000000"> : tensor<2xi32>} : () -> ()
  return
}
