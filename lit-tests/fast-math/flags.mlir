// RUN: neuron-opt %s --fast-math none --dump-pass-pipeline
// RUN: neuron-opt %s --fast-math all --fp32-cast matmult-fp16 --dump-pass-pipeline
// RUN: neuron-opt %s --auto-cast all --auto-cast matmul --auto-cast-type fp16 --disable-mixed-precision-accumulation --enable-saturate-infinity --dump-pass-pipeline
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fast-math-none)' --dump-pass-pipeline
// How the compiler flags expand (right-most --auto-cast wins; --fp32-cast is deprecated and warns).
func.func @f(%a: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %0 = nn.transpose %a {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
