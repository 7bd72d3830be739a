// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// Verifier errors of constants, casts and the data-movement ops.

func.func @constant_type() {
  // expected-error @+1 {{'nn.constant' op result type tensor<3xf32> does not match the type tensor<2xf32> of its 'value' attribute}}
  %0 = nn.constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<3xf32>
  return
}

// -----

func.func @cast_shape(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.cast' op result shape [3, 2] does not match operand shape [2, 3]}}
  %0 = nn.cast %x : (tensor<2x3xf32>) -> tensor<3x2xf16>
  return
}

// -----

func.func @transpose_perm(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.transpose' op perm [1, 1] is not a permutation of 0..2}}
  %0 = nn.transpose %x {perm = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.reshape' op operand shape [2, 3] (6 elements) and result shape [7] (7 elements) differ in element count}}
  %0 = nn.reshape %x : (tensor<2x3xf32>) -> tensor<7xf32>
  return
}

// -----

func.func @concat_no_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.concat' op requires attribute 'axis'}}
  %0 = nn.concat %x, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @concat_no_operands() {
  // expected-error @+1 {{'nn.concat' op requires at least 1 operand}}
  %0 = "nn.concat"() {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_mismatch(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+1 {{'nn.concat' op operand #1 has size 3 in dimension 0, but operand #0 has 2 (only the concatenation axis 1 may differ)}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{'nn.concat' op operand #1 has rank 1, but operand #0 has rank 2}}
  %0 = nn.concat %a, %b {axis = 1 : i64} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.concat' op axis 2 is out of range [-2, 1] for rank 2}}
  %0 = nn.concat %a, %a {axis = 2 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

func.func @concat_element(%a: tensor<2xf32>, %b: tensor<2xf16>) {
  // expected-error @+1 {{'nn.concat' op operand #1 element type f16 does not match operand #0 element type f32}}
  %0 = nn.concat %a, %b {axis = 0 : i64} : (tensor<2xf32>, tensor<2xf16>) -> tensor<4xf32>
  return
}

// -----

func.func @concat_result(%a: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.concat' op result shape [2, 3] does not match the inferred shape [4, 3]}}
  %0 = nn.concat %a, %a {axis = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @slice_missing_ends(%x: tensor<10xf32>) {
  // expected-error @+1 {{'nn.slice' op requires attribute 'ends'}}
  %0 = nn.slice %x {starts = array<i64: 1>} : (tensor<10xf32>) -> tensor<9xf32>
  return
}

// -----

func.func @slice_zero_step(%x: tensor<10xf32>) {
  // expected-error @+1 {{'nn.slice' op steps [0] must not contain 0}}
  %0 = nn.slice %x {starts = array<i64: 1>, ends = array<i64: 5>, steps = array<i64: 0>} : (tensor<10xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @slice_lengths(%x: tensor<10xf32>) {
  // expected-error @+1 {{'nn.slice' op starts [1] and ends [5, 6] must have the same length}}
  %0 = nn.slice %x {starts = array<i64: 1>, ends = array<i64: 5, 6>} : (tensor<10xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @slice_axes_length(%x: tensor<10x4xf32>) {
  // expected-error @+1 {{'nn.slice' op axes [0, 1] must have as many values as starts (1)}}
  %0 = nn.slice %x {starts = array<i64: 1>, ends = array<i64: 5>, axes = array<i64: 0, 1>} : (tensor<10x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @slice_duplicate_axes(%x: tensor<10x4xf32>) {
  // expected-error @+1 {{'nn.slice' op axes [1, -1] refer to dimension 1 more than once}}
  %0 = nn.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2, 2>, axes = array<i64: 1, -1>} : (tensor<10x4xf32>) -> tensor<10x2xf32>
  return
}

// -----

func.func @slice_clamped_result(%x: tensor<10xf32>) {
  // expected-error @+1 {{'nn.slice' op result shape [12] does not match the inferred shape [7]}}
  %0 = nn.slice %x {starts = array<i64: -7>, ends = array<i64: 100>} : (tensor<10xf32>) -> tensor<12xf32>
  return
}

// -----

func.func @slice_reverse_result(%x: tensor<10xf32>) {
  // expected-error @+1 {{'nn.slice' op result shape [4] does not match the inferred shape [3]}}
  %0 = nn.slice %x {starts = array<i64: 8>, ends = array<i64: 2>, steps = array<i64: -2>} : (tensor<10xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @gather_float_indices(%t: tensor<10x4xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{'nn.gather' op indices element type must be i32 or i64, but got f32}}
  %0 = nn.gather %t, %i : (tensor<10x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gather_axis(%t: tensor<10x4xf32>, %i: tensor<3xi64>) {
  // expected-error @+1 {{'nn.gather' op axis -3 is out of range [-2, 1] for rank 2}}
  %0 = nn.gather %t, %i {axis = -3 : i64} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

func.func @gather_result(%t: tensor<10x4xf32>, %i: tensor<2x3xi32>) {
  // expected-error @+1 {{'nn.gather' op result shape [6, 4] does not match the inferred shape [2, 3, 4]}}
  %0 = nn.gather %t, %i : (tensor<10x4xf32>, tensor<2x3xi32>) -> tensor<6x4xf32>
  return
}

// -----

func.func @squeeze_not_one(%x: tensor<1x3xf32>) {
  // expected-error @+1 {{'nn.squeeze' op cannot squeeze dimension 1 of size 3 (axes [1])}}
  %0 = nn.squeeze %x {axes = array<i64: 1>} : (tensor<1x3xf32>) -> tensor<1xf32>
  return
}

// -----

func.func @squeeze_result(%x: tensor<1x3x1xf32>) {
  // expected-error @+1 {{'nn.squeeze' op result shape [1, 3] does not match the inferred shape [3]}}
  %0 = nn.squeeze %x : (tensor<1x3x1xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @unsqueeze_missing_axes(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.unsqueeze' op requires attribute 'axes'}}
  %0 = nn.unsqueeze %x : (tensor<3xf32>) -> tensor<1x3xf32>
  return
}

// -----

func.func @unsqueeze_range(%x: tensor<3xf32>) {
  // expected-error @+1 {{'nn.unsqueeze' op axes [2] has 2, out of range [-2, 1] for rank 2}}
  %0 = nn.unsqueeze %x {axes = array<i64: 2>} : (tensor<3xf32>) -> tensor<3x1xf32>
  return
}

// -----

func.func @flatten_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.flatten' op axis 3 is out of range [-2, 2] for rank 2}}
  %0 = nn.flatten %x {axis = 3 : i64} : (tensor<2x3xf32>) -> tensor<6x1xf32>
  return
}

// -----

func.func @flatten_result(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{'nn.flatten' op result shape [6, 4] does not match the inferred shape [2, 12]}}
  %0 = nn.flatten %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  return
}

// -----

func.func @expand_incompatible(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.expand' op input shape [2, 3] cannot be broadcast to the result shape [4, 3]}}
  %0 = nn.expand %x : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @expand_lower_rank(%x: tensor<1x3xf32>) {
  // expected-error @+1 {{'nn.expand' op input shape [1, 3] cannot be broadcast to the result shape [3]}}
  %0 = nn.expand %x : (tensor<1x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @pad_length(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.pad' op pads [1, 1] must have 4 values (begin and end for each of the 2 dimensions), but has 2}}
  %0 = nn.pad %x {pads = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.pad' op pads [0, -1, 0, 0] must all be >= 0}}
  %0 = nn.pad %x {pads = array<i64: 0, -1, 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @pad_result(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'nn.pad' op result shape [3, 5] does not match the inferred shape [5, 3]}}
  %0 = nn.pad %x {pads = array<i64: 1, 0, 2, 0>} : (tensor<2x3xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @pad_fractional_value(%x: tensor<2xi32>) {
  // expected-error @+1 {{'nn.pad' op pad value 0.5 is not an integer, but the element type is i32}}
  %0 = nn.pad %x {pads = array<i64: 1, 0>, value = 0.5 : f32} : (tensor<2xi32>) -> tensor<3xi32>
  return
}
