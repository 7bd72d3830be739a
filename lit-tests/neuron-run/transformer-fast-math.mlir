// RUN: neuron-run %S/../../examples/transformer.mlir --input x=%S/../../examples/transformer.input.npy --target inf1 --fast-math all --compare-reference --format json
// RUN: neuron-run %S/../../examples/transformer.mlir --input x=%S/../../examples/transformer.input.npy --target inf1 --fast-math fp32-cast-matmult --compare-reference --format json
// RUN: neuron-run %S/../../examples/transformer.mlir --input x=%S/../../examples/transformer.input.npy --target inf1 --fast-math "fp32-cast-matmult no-fast-relayout" --compare-reference --format json
// The neuron-cc tuning flow on the example transformer block (issue 6): the three settings, each
// lowered for inf1 and compared with the FP32 reference; JSON, so that every figure of the cost
// report survives the snapshot's timing filters. Read with
// tools/neuron-run/tests/ordering.rs, which asserts the order: rel_l2 falls and
// cost.serial_seconds rises from run 1 to run 3 (see docs/neuron-run.md for the figures).
