// RUN: neuron-opt %S/../../crates/onnx/tests/data/mlp.onnx --input-shape x=2x16 --mlir-print-elementsattrs-with-hex-if-larger=4
// RUN: neuron-opt %S/../../crates/onnx/tests/data/cnn.onnx --fast-math fp32-cast-matmult --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=4
// RUN: neuron-opt %S/../../crates/onnx/tests/data/transformer_block.onnx --input-shape input_ids=1x6 --print-precision-summary --mlir-print-elementsattrs-with-hex-if-larger=4
// RUN: neuron-opt %S/../../crates/onnx/tests/data/legacy_opset9.onnx --mlir-print-elementsattrs-with-hex-if-larger=4
// RUN: neuron-opt %S/../../crates/onnx/tests/data/mlp_external.onnx --input-shape x=2x16 --mlir-print-elementsattrs-with-hex-if-larger=4
// neuron-opt reads ONNX models directly (a path ending in .onnx): import, verify, passes, print.
