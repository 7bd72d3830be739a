// RUN: not neuron-opt %s
func.func @f() -> tensor<2xi8> {
  %0 = "nn.constant"() {value = dense<[1, 300]> : tensor<2xi8>} : () -> tensor<2xi8>
  return %0 : tensor<2xi8>
}
