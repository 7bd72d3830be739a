// RUN: not neuron-opt %s
func.func @f(%arg0: memref<4xf32>) {
  return
}
