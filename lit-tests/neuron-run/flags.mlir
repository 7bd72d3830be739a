// RUN: neuron-run %s --random-inputs --seed 7 --output-dir %t --threads 1
// RUN: neuron-run %s --input x=%t/y.npy --input ids=%t/out1.npy
// RUN: neuron-run %s --input %t/y.npy --random-inputs --seed 7 --format json --output-dir %t/again
// RUN: neuron-run %s --input x=%S/inputs/x_f16.npy --input ids=%S/inputs/ids_i32.npy
// RUN: neuron-run %s --entry @embed --random-inputs --seed 11
// RUN: neuron-run %s --entry embed --input ids=%S/inputs/ids_i32.npy --timing
// neuron-run's flags on a model of its own (see docs/neuron-run.md).
// 1: random inputs (x uniform in [-1, 1), ids in [0, 99] from nn.max_value), outputs written to %t
//    as y.npy (the result's nn.name) and out1.npy; 2: those outputs fed back by name give the same
//    summary (relu is idempotent); 3: a positional input plus random fill: ids is the same as in 1
//    (one random stream per argument); JSON summary; 4: float16 data for an f32 argument and int32
//    data for an i64 one; 5-6: another entry point (with or without '@'), an embedding lookup,
//    per-phase timing on stderr.
func.func @main(%x: tensor<2x3xf32> {nn.name = "x"}, %ids: tensor<4xi64> {nn.name = "ids", nn.max_value = 99 : i64}) -> (tensor<2x3xf32> {nn.name = "y"}, tensor<4xi64>) {
  %r = nn.relu %x : tensor<2x3xf32>
  return %r, %ids : tensor<2x3xf32>, tensor<4xi64>
}
func.func @embed(%ids: tensor<4xi64> {nn.name = "ids", nn.max_value = 9 : i64}) -> (tensor<4x2xf32> {nn.name = "vectors"}) {
  %table = nn.constant {value = dense<[[0.0, 0.0], [1.0, 0.5], [2.0, 1.0], [3.0, 1.5], [4.0, 2.0], [5.0, 2.5], [6.0, 3.0], [7.0, 3.5], [8.0, 4.0], [9.0, 4.5]]> : tensor<10x2xf32>} : () -> tensor<10x2xf32>
  %v = nn.gather %table, %ids {axis = 0 : i64} : (tensor<10x2xf32>, tensor<4xi64>) -> tensor<4x2xf32>
  return %v : tensor<4x2xf32>
}
