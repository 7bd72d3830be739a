// RUN: neuron-opt %s --split-input-file --verify-diagnostics
// Expected diagnostics with every anchor form; all are produced, so the run succeeds.

func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{use of undeclared SSA value name}}
  %0 = nn.add %arg0, %nope : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @g(%arg0: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = nn.transpose %arg0 {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // expected-error @above {{is not a permutation}}
  return %0 : tensor<3x2xf32>
}

// -----

func.func @h(%arg0: tensor<2xf32>) -> tensor<3xf32> {
  // expected-error @below {{doesn't match function result type}}
  return %arg0 : tensor<2xf32>
}

// -----

func.func @i(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nn.add"(%arg0) : (tensor<2xf32>) -> tensor<2xf32> // expected-error {{requires 2 operands}}
  return %0 : tensor<2xf32>
}

// -----

func.func @j(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nn.frob"(%arg0) : (tensor<2xf32>) -> tensor<2xf32>
  // expected-error-re @-1 {{unregistered operation '{{nn\.[a-z]+}}' found in dialect}}
  return %0 : tensor<2xf32>
}
