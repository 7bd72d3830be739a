// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-bf16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(no-fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-fp16,canonicalize)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all,canonicalize)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(auto-cast{mode=matmul type=tf32},canonicalize)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(auto-cast{mode=all type=fp8_e4m3},canonicalize)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(auto-cast{mode=none},canonicalize)'
// One matmul: its operands are narrowed inside the function, it accumulates in FP32, the signature stays.
func.func @mm(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = nn.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
