// RUN: not neuron-opt %s --fast-math 'all none'
// RUN: not neuron-opt %s --fast-math 'fp32-cast-all fp32-cast-matmult'
// RUN: not neuron-opt %s --fast-math 'fast-relayout no-fast-relayout'
// RUN: not neuron-opt %s --fast-math fastest
// RUN: not neuron-opt %s --fp32-cast fp16
// RUN: not neuron-opt %s --auto-cast sometimes
// RUN: not neuron-opt %s --auto-cast all --auto-cast-type int8
// RUN: not neuron-opt %s --fast-math all --auto-cast all
// RUN: not neuron-opt %s --pass-pipeline='builtin.module(auto-cast{mode=most})'
// RUN: not neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all,fp32-cast-matmult)'
// RUN: not neuron-opt %s --pass-pipeline='builtin.module(fast-relayout,no-fast-relayout)'
// Conflicting, unknown and malformed precision options: each a clear error, exit 1.
func.func @f(%a: tensor<2xf32>) -> tensor<2xf32> {
  return %a : tensor<2xf32>
}
