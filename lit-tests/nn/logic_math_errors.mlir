// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// Verifier errors of the logical, remainder, math and index ops.

func.func @and_floats(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.and' op requires element type i1, but got f32}}
  %0 = nn.and %x, %x : tensor<3xf32>
  return
}

// -----

func.func @float_mod_without_fmod(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.mod' op a float remainder (f32) requires fmod = true}}
  %0 = nn.mod %x, %x : tensor<3xf32>
  return
}

// -----

func.func @argmax_result_type(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.argmax' op result element type must be i64, but got i32}}
  %0 = nn.argmax %x : (tensor<2x3xf32>) -> tensor<1x3xi32>
  return
}

// -----

func.func @cumsum_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.cumsum' op axis -3 is out of range [-2, 1] for rank 2}}
  %0 = nn.cumsum %x {axis = -3 : i64} : tensor<2x3xf32>
  return
}

// -----

func.func @gather_elements_rank(%x: tensor<2x3xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{'nn.gather_elements' op indices shape [2] must have the rank of the data shape [2, 3]}}
  %0 = nn.gather_elements %x, %i : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2xf32>
  return
}
