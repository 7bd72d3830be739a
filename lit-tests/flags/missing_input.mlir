// RUN: not neuron-opt %S/does-not-exist.mlir
// A missing input file is a clear error, exit 1.
