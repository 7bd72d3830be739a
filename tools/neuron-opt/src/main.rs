//! neuron-opt: parse, transform and print neuron IR, like mlir-opt.

fn main() {}
