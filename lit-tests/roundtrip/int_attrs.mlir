// RUN: neuron-opt %s --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect | neuron-opt --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect --mlir-print-op-generic | neuron-opt --allow-unregistered-dialect --mlir-print-op-generic
// Integer attributes of every integer type, with their extreme values.
func.func @ints() {
  "test.ints"() {a = 7, b = -3 : i32, c = 127 : i8, d = -128 : i8, e = 9223372036854775807 : i64, f = -9223372036854775808 : i64, g = 42 : index, h = true, i = false, j = 1 : i1, k = 2147483647 : i32} : () -> ()
  return
}
