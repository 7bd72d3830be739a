// RUN: not neuron-opt %S/../../crates/onnx/tests/data/transformer_block.onnx
// RUN: not neuron-opt %S/../../crates/onnx/tests/data/transformer_block.onnx --input-shape input_ids=1xseven
// RUN: not neuron-opt %S/does-not-exist.onnx
// RUN: not neuron-opt %s.onnx
// ONNX input errors: a dynamic dimension without --input-shape, a malformed --input-shape, a missing file,
// a file that is not an ONNX protobuf (this text file, under a .onnx name via a copy: see errors.mlir.onnx).
