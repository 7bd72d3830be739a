// RUN: neuron-opt %s
// RUN: neuron-opt %s | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt --mlir-print-op-generic
// Every scalar type of the IR as a function argument and result.
func.func @scalars(%a: f32, %b: f16, %c: bf16, %d: tf32, %e: f8E4M3FN, %f: f8E5M2, %g: i1, %h: i8, %i: i32, %j: i64, %k: index) -> (f32, f16, bf16, tf32, f8E4M3FN, f8E5M2, i1, i8, i32, i64, index) {
  return %a, %b, %c, %d, %e, %f, %g, %h, %i, %j, %k : f32, f16, bf16, tf32, f8E4M3FN, f8E5M2, i1, i8, i32, i64, index
}
