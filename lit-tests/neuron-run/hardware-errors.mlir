// RUN: not neuron-run %s --random-inputs --target tpu
// RUN: not neuron-run %s --random-inputs --rounding up
// RUN: not neuron-run %s --random-inputs --fast-math "all none"
// RUN: not neuron-run %s --random-inputs --fast-math fastest
// RUN: not neuron-run %s --random-inputs --fast-math all --auto-cast all
// RUN: not neuron-run %s --random-inputs --auto-cast-type int8 --target trn1
// RUN: not neuron-run %s --random-inputs --rounding stochastic
// RUN: not neuron-run %s --input x=%S/inputs/x_f16.npy --rounding nearest --seed 3
// RUN: not neuron-run %s --random-inputs --pass-pipeline 'builtin.module(cse,bogus)'
// RUN: not neuron-run %s --random-inputs --compare-reference --tolerance rtol=-1
// RUN: not neuron-run %s --random-inputs --tolerance rtol=0.1
// RUN: not neuron-run %s --entry embed --input ids=%S/inputs/ids_bad.npy --target trn1 --compare-reference
// RUN: neuron-run %s --entry embed --input ids=%S/inputs/ids_i32.npy --target trn1 --compare-reference --tolerance atol=0
// Errors of the hardware flags, each exiting 1 with one message: 1-2 a value that is not a
// target or a rounding mode (clap's message); 3-4 an invalid or self-contradicting --fast-math
// list; 5 flags of both compilers; 6 a bad --auto-cast-type; 7 stochastic rounding on inf1
// (NeuronCore-v1 has none); 8 --seed that seeds nothing; 9 a pipeline naming an unknown pass
// (located in the pipeline text); 10 a negative tolerance; 11 --tolerance without
// --compare-reference; 12 an index out of range, reported by the nhw interpreter at the op's
// location in the model. 13: the same function on good ids runs (a DMA gather is exact: error 0).
func.func @main(%x: tensor<2x3xf32> {nn.name = "x"}) -> (tensor<3x2xf32> {nn.name = "y"}) {
  %t = nn.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %t : tensor<3x2xf32>
}
func.func @embed(%ids: tensor<4xi64> {nn.name = "ids", nn.max_value = 9 : i64}) -> (tensor<4x2xf32> {nn.name = "vectors"}) {
  %table = nn.constant {value = dense<[[0.0, 0.0], [1.0, 0.5], [2.0, 1.0], [3.0, 1.5], [4.0, 2.0], [5.0, 2.5], [6.0, 3.0], [7.0, 3.5], [8.0, 4.0], [9.0, 4.5]]> : tensor<10x2xf32>} : () -> tensor<10x2xf32>
  %v = nn.gather %table, %ids {axis = 0 : i64} : (tensor<10x2xf32>, tensor<4xi64>) -> tensor<4x2xf32>
  return %v : tensor<4x2xf32>
}
