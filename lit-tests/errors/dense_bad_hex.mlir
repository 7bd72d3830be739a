// RUN: not neuron-opt %s
func.func @f() -> tensor<2xf32> {
  %0 = "nn.constant"() {value = dense<"0x0000803F00"> : tensor<2xf32>} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
