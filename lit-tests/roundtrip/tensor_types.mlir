// RUN: neuron-opt %s
// RUN: neuron-opt %s | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt --mlir-print-op-generic
// Ranked static tensors: rank 0 to 4, a zero-sized dimension, every element type.
func.func @tensors(%r0: tensor<f32>, %r1: tensor<7xbf16>, %r2: tensor<2x3xf16>, %r3: tensor<1x2x3xtf32>, %r4: tensor<2x1x4x8xf8E4M3FN>, %z: tensor<0x4xf8E5M2>, %i: tensor<4xi1>, %j: tensor<4xi8>, %k: tensor<4xi32>, %l: tensor<4xi64>, %m: tensor<4xindex>) -> tensor<f32> {
  return %r0 : tensor<f32>
}
