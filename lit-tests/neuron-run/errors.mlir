// RUN: not neuron-run %s
// RUN: not neuron-run %s --input z=%S/inputs/x_f16.npy --random-inputs
// RUN: not neuron-run %s --input idz=%S/inputs/ids_i32.npy --random-inputs
// RUN: not neuron-run %s --input x=%S/../../examples/mlp.input.npy --random-inputs
// RUN: not neuron-run %s --input x=%S/inputs/x_f64.npy --random-inputs
// RUN: not neuron-run %s --input ids=%S/inputs/v4_f32.npy --random-inputs
// RUN: not neuron-run %s --input ids=%S/inputs/ids_u64.npy --random-inputs
// RUN: not neuron-run %s --input x=%S/inputs/truncated.npy --random-inputs
// RUN: not neuron-run %s --input x=%s --random-inputs
// RUN: not neuron-run %s --input x=%S/inputs/absent.npy --random-inputs
// RUN: not neuron-run %s --entry @nope
// RUN: not neuron-run %s --input %S/inputs/x_f16.npy --input %S/inputs/ids_i32.npy --input %S/inputs/ids_i32.npy
// RUN: not neuron-run %s --input %S/inputs/x_f16.npy --input x=%S/inputs/x_f16.npy --random-inputs
// RUN: not neuron-run %s --entry bad_max --random-inputs
// RUN: not neuron-run %s --entry embed --input ids=%S/inputs/ids_bad.npy
// RUN: not neuron-run %s --random-inputs --output-dir %s
// RUN: not neuron-run %s --seed 1
// RUN: not neuron-run %S/../errors/undefined_value.mlir --random-inputs
// RUN: not neuron-run %S/inputs/absent.mlir
// Every error exits 1 with one clear message naming the input (never a panic): 1 missing inputs,
// 2-3 unknown input names (with a suggestion when one is close), 4 wrong shape, 5 float64 data,
// 6 float data for an integer argument, 7 an integer out of range, 8 a truncated file, 9 a file
// that is not .npy, 10 an unreadable file, 11 no such entry, 12 too many positional inputs,
// 13 an argument given twice, 14 a bad nn.max_value, 15 an interpreter error located at its op
// (index 40 into a 10-row table), 16 an output directory that is a file, 17 --seed without
// --random-inputs, 18 a model that does not parse, 19 a missing model.
// inputs/ was written with numpy: x_f64 = arange(6).reshape(2, 3) - 2 (float64), x_f16 the same
// / 4 as float16, ids_i32 = [3, 1, 4, 1] (int32), ids_bad = [3, 1, 40, 1] (int64),
// ids_u64 = [0, 1, 2, 2**63] (uint64), v4_f32 = [0.5, -1, 2, 0] (float32), truncated = a [2, 3]
// float32 file missing its last 4 bytes.
func.func @main(%x: tensor<2x3xf32> {nn.name = "x"}, %ids: tensor<4xi64> {nn.name = "ids", nn.max_value = 99 : i64}) -> (tensor<2x3xf32> {nn.name = "y"}, tensor<4xi64>) {
  %r = nn.relu %x : tensor<2x3xf32>
  return %r, %ids : tensor<2x3xf32>, tensor<4xi64>
}
func.func @embed(%ids: tensor<4xi64> {nn.name = "ids", nn.max_value = 9 : i64}) -> (tensor<4x2xf32> {nn.name = "vectors"}) {
  %table = nn.constant {value = dense<[[0.0, 0.0], [1.0, 0.5], [2.0, 1.0], [3.0, 1.5], [4.0, 2.0], [5.0, 2.5], [6.0, 3.0], [7.0, 3.5], [8.0, 4.0], [9.0, 4.5]]> : tensor<10x2xf32>} : () -> tensor<10x2xf32>
  %v = nn.gather %table, %ids {axis = 0 : i64} : (tensor<10x2xf32>, tensor<4xi64>) -> tensor<4x2xf32>
  return %v : tensor<4x2xf32>
}
func.func @bad_max(%n: tensor<3xi8> {nn.max_value = 300 : i64}) -> tensor<3xi8> {
  return %n : tensor<3xi8>
}
