// RUN: not neuron-opt %s
func.func @f(%arg0: tensor<2x
