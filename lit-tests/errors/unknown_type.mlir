// RUN: not neuron-opt %s
func.func @f(%arg0: f33) -> f33 {
  return %arg0 : f33
}
