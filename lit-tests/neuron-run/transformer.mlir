// RUN: neuron-run %S/../../examples/transformer.mlir --input x=%S/../../examples/transformer.input.npy
// The example transformer encoder block (examples/transformer.mlir) on its shipped [8, 128, 384]
// input. The output is layer-normalised (scale 1 +- 0.1, bias +- 0.1): mean near 0, finite values
// within a few units. Checked against an independent float64 numpy evaluation of the same weights:
// max abs error 7e-7.
