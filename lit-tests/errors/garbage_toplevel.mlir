// RUN: not neuron-opt %s
this is not MLIR
