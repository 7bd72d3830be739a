// RUN: not neuron-run %s --random-inputs
// RUN: neuron-run %s --entry second --random-inputs --seed 2
// RUN: neuron-run %s --entry @first --random-inputs --seed 2
// Without --entry neuron-run runs @main, or the only function; with two and no @main it asks for
// --entry. Default names: arguments arg0, arg1…, results out0, out1….
func.func @first(%a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %s = nn.add %a, %b : tensor<3xf32>
  %d = nn.sub %a, %b : tensor<3xf32>
  return %s, %d : tensor<3xf32>, tensor<3xf32>
}
func.func @second(%a: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %e = nn.exp %a : tensor<2x2xf32>
  return %e : tensor<2x2xf32>
}
