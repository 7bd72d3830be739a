// RUN: neuron-opt %s --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect | neuron-opt --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect --mlir-print-op-generic | neuron-opt --allow-unregistered-dialect --mlir-print-op-generic
// Float attributes: decimal, scientific, hex bit patterns, NaN, infinities, negative zero, subnormals, narrow types.
func.func @floats() {
  "test.floats"() {a = 2.5 : f32, b = 1.0e-05 : f32, c = -3.0e+20 : f32, d = 0x7FC00000 : f32, e = 0x7F800000 : f32, f = 0xFF800000 : f32, g = -0.0 : f32, h = 1.4e-45 : f32, i = 0.1 : f32, j = 0.1 : bf16, k = 0.1 : f16, l = 65504.0 : f16, m = 0x7E00 : f16, n = 448.0 : f8E4M3FN, o = 0.1 : f8E5M2, p = 0.1 : tf32, q = 1.0, r = 3.140625 : bf16, s = 0x7FC1 : bf16} : () -> ()
  return
}
