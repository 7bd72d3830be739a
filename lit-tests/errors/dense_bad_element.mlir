// RUN: not neuron-opt %s
func.func @f() -> tensor<2xi32> {
  %0 = "nn.constant"() {value = dense<[1, 2.5]> : tensor<2xi32>} : () -> tensor<2xi32>
  return %0 : tensor<2xi32>
}
