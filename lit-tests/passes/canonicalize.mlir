// RUN: neuron-opt %s --pass-pipeline='builtin.module(canonicalize)'
// Folds: x+0 and x*1 vanish, double negation and double transpose cancel, value-preserving cast chains fold,
// lossy ones stay, constants fold and are hoisted, dead pure ops are removed.
func.func @folds(%x: tensor<2x3xf32>, %b: tensor<2x3xbf16>) -> (tensor<2x3xf32>, tensor<2x3xbf16>, tensor<2x3xf32>) {
  %zero = nn.constant {value = dense<0.0> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %one = nn.constant {value = dense<1.0> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
  %0 = nn.add %x, %zero : tensor<2x3xf32>
  %1 = nn.mul %0, %one : tensor<2x3xf32>
  %2 = nn.neg %1 : tensor<2x3xf32>
  %3 = nn.neg %2 : tensor<2x3xf32>
  %t1 = nn.transpose %3 {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %t2 = nn.transpose %t1 {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %up = nn.cast %b : (tensor<2x3xbf16>) -> tensor<2x3xf32>
  %down = nn.cast %up : (tensor<2x3xf32>) -> tensor<2x3xbf16>
  %lossy = nn.cast %t2 : (tensor<2x3xf32>) -> tensor<2x3xbf16>
  %back = nn.cast %lossy : (tensor<2x3xbf16>) -> tensor<2x3xf32>
  %dead = nn.relu %x : tensor<2x3xf32>
  return %t2, %down, %back : tensor<2x3xf32>, tensor<2x3xbf16>, tensor<2x3xf32>
}

func.func @constant_fold() -> tensor<3xf32> {
  %a = nn.constant {value = dense<[1.0, 2.0, 3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %b = nn.constant {value = dense<0.5> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = nn.add %a, %b : tensor<3xf32>
  %1 = nn.mul %0, %0 : tensor<3xf32>
  %2 = nn.neg %1 : tensor<3xf32>
  return %2 : tensor<3xf32>
}

func.func @narrow_weights() -> tensor<2xbf16> {
  %w = nn.constant {value = dense<[0.1, 3.0e+38]> : tensor<2xf32>} : () -> tensor<2xf32>
  %0 = nn.cast %w : (tensor<2xf32>) -> tensor<2xbf16>
  return %0 : tensor<2xbf16>
}
