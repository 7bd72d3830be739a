// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-all-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-bf16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fp32-cast-matmult-fp16,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --pass-pipeline='builtin.module(no-fast-relayout,canonicalize)' --print-precision-summary
// RUN: neuron-opt %s --fast-math all
// RUN: neuron-opt %s --fast-math fp32-cast-matmult
// A function whose inputs and outputs are f16 already: ops that are not FP32 are left alone.
func.func @half(%a: tensor<2x3xf16>, %b: tensor<3x4xf16>) -> tensor<2x4xf16> {
  %0 = nn.matmul %a, %b : (tensor<2x3xf16>, tensor<3x4xf16>) -> tensor<2x4xf16>
  %1 = nn.relu %0 : tensor<2x4xf16>
  return %1 : tensor<2x4xf16>
}
