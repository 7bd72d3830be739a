// RUN: not neuron-opt %s
// As in MLIR, a module's attributes must carry a dialect prefix.
module attributes {version = 3 : i64} {
  func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
    return %arg0 : tensor<2xf32>
  }
}
