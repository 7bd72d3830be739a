// RUN: not neuron-opt %s
func.func @f() -> tensor<2x2xf32> {
  %0 = "nn.constant"() {value = dense<[[1.0, 2.0], [3.0]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
