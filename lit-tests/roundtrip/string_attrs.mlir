// RUN: neuron-opt %s --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect | neuron-opt --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect --mlir-print-op-generic | neuron-opt --allow-unregistered-dialect --mlir-print-op-generic
// Strings with every escape form, unicode, and quoted dictionary keys.
func.func @strings() {
  "test.strings"() {a = "plain", b = "quote \" and \22 and backslash \\", c = "newline\0Atab\09end", d = "\n\t", e = "unicode ✓ π", f = "", "key with spaces" = "v", "0digit" = 1 : i64} : () -> ()
  return
}
