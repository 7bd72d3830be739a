// Harness sample: %t (a temporary path shared by the RUN lines of this test), redirections
// and `2>&1`.
// RUN: neuron-opt %s -o %t
// RUN: neuron-opt %t | FileCheck %s
// RUN: neuron-opt < %s > %t.stdin
// RUN: cat %t.stdin
// Diagnostics go to stderr; `2>&1` sends them through the pipe to FileCheck:
// RUN: not neuron-opt --no-such-flag 2>&1 | FileCheck %s --check-prefix=FLAG
// RUN: not neuron-opt %S/does-not-exist.mlir 2> %t.err
// RUN: cat %t.err

// CHECK: func.func @copy
// CHECK-NEXT: return %arg0 : tensor<3xf32>
// FLAG: no-such-flag
func.func @copy(%arg0: tensor<3xf32>) -> tensor<3xf32> {
  return %arg0 : tensor<3xf32>
}
