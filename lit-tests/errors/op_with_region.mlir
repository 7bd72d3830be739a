// RUN: not neuron-opt %s --allow-unregistered-dialect
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  "test.loop"() ({
    "test.yield"() : () -> ()
  }) : () -> ()
  return %arg0 : tensor<2xf32>
}
