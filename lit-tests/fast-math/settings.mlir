// Every --fast-math value alone (missing parts default from all), then the documented tuning flow, on the
// transformer block of transformer.mlir: each output with its precision summary (stderr).
// RUN: neuron-opt %S/transformer.mlir --fast-math all --print-precision-summary
// RUN: neuron-opt %S/transformer.mlir --fast-math none --print-precision-summary
// RUN: neuron-opt %S/transformer.mlir --fast-math fp32-cast-all --print-precision-summary
// RUN: neuron-opt %S/transformer.mlir --fast-math fp32-cast-all-fp16 --print-precision-summary
// RUN: neuron-opt %S/transformer.mlir --fast-math fp32-cast-matmult --print-precision-summary
// RUN: neuron-opt %S/transformer.mlir --fast-math fp32-cast-matmult-bf16 --print-precision-summary
// RUN: neuron-opt %S/transformer.mlir --fast-math fp32-cast-matmult-fp16 --print-precision-summary
// RUN: neuron-opt %S/transformer.mlir --fast-math fast-relayout --print-precision-summary
// RUN: neuron-opt %S/transformer.mlir --fast-math no-fast-relayout --print-precision-summary
// RUN: neuron-opt %S/transformer.mlir --fast-math 'fp32-cast-matmult no-fast-relayout' --print-precision-summary
