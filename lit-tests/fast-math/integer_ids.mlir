// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-bf16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(no-fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --fast-math all
// Token ids stay integers: the gather reads its table in bf16, the ids are untouched.
func.func @embed(%ids: tensor<2x3xi64>) -> tensor<2x3x4xf32> {
  %table = nn.constant {value = dense<0.3> : tensor<10x4xf32>} : () -> tensor<10x4xf32>
  %0 = nn.gather %table, %ids {axis = 0 : i64} : (tensor<10x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
  %1 = nn.relu %0 : tensor<2x3x4xf32>
  return %1 : tensor<2x3x4xf32>
}
