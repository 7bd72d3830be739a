// RUN: not neuron-opt %s
func.func @(%arg0: tensor<2xf32>) {
  return
}
