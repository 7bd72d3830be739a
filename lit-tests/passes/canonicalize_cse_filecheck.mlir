// RUN: neuron-opt %s --pass-pipeline='builtin.module(canonicalize,cse)' | FileCheck %s
// FileCheck example: a test that pins only what matters.
// CHECK-LABEL: func.func @f
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>)
// CHECK-NEXT: %[[S:.*]] = nn.add %[[X]], %[[X]] : tensor<2xf32>
// CHECK-NEXT: %[[P:.*]] = nn.mul %[[S]], %[[S]] : tensor<2xf32>
// CHECK-NOT: nn.neg
// CHECK: return %[[P]]
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.add %arg0, %arg0 : tensor<2xf32>
  %1 = nn.add %arg0, %arg0 : tensor<2xf32>
  %2 = nn.mul %0, %1 : tensor<2xf32>
  %3 = nn.neg %2 : tensor<2xf32>
  %4 = nn.neg %3 : tensor<2xf32>
  return %4 : tensor<2xf32>
}
