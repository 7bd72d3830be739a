// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: neuron-opt %s --fast-math all --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --fast-math fp32-cast-matmult --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --fast-math 'fp32-cast-matmult no-fast-relayout' --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --fast-math none --pass-pipeline='builtin.module(lower-to-nhw)'
// nn.transpose follows its relayout mark: fast → nhw.pe_transpose in the marked type, exact →
// nhw.dma_transpose. Unmarked transposes follow the target's default: fast, in bf16 on inf1 (its default
// `all`), in the data's own type on trn1. A permutation that only moves size-1 dimensions is a reshape.
// The last two runs give identical IR: by the literal definitions they mean the same precision.
func.func @transposes(%x: tensor<4x8xf32>, %h: tensor<2x4xf16>) -> (tensor<8x4xf32>, tensor<4x2xf16>, tensor<1x4x8xf32>) {
  %0 = nn.transpose %x {perm = array<i64: 1, 0>} : (tensor<4x8xf32>) -> tensor<8x4xf32>
  %1 = nn.transpose %h {perm = array<i64: 1, 0>} : (tensor<2x4xf16>) -> tensor<4x2xf16>
  %2 = nn.reshape %x : (tensor<4x8xf32>) -> tensor<4x1x8xf32>
  %3 = nn.transpose %2 {perm = array<i64: 1, 0, 2>} : (tensor<4x1x8xf32>) -> tensor<1x4x8xf32>
  return %0, %1, %3 : tensor<8x4xf32>, tensor<4x2xf16>, tensor<1x4x8xf32>
}
