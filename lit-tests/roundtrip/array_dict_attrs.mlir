// RUN: neuron-opt %s --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect | neuron-opt --allow-unregistered-dialect
// RUN: neuron-opt %s --allow-unregistered-dialect --mlir-print-op-generic | neuron-opt --allow-unregistered-dialect --mlir-print-op-generic
// Arrays, nested dictionaries, unit attributes, dense arrays, type attributes and symbol references.
func.func @aggregates() {
  "test.agg"() {arr = [1, 2.5 : f32, "s", [true, unit]], empty = [], dict = {inner = {deep = 1 : i64}, flag}, da = array<i64: 1, 0, -5>, db = array<i32: 7>, dc = array<f32: 1.5, -2.0>, dd = array<i64>, ty = bf16, tt = tensor<2x3xf16>, ft = (f32) -> f32, sym = @callee, u = unit} : () -> ()
  return
}
