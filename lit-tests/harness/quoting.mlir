// Harness sample: quoting works as in a POSIX shell (no shell is spawned).
// RUN: neuron-opt %s --pass-pipeline='builtin.module(cse)' | FileCheck %s
// RUN: neuron-opt %s "--pass-pipeline=builtin.module(cse)" | FileCheck %s
// RUN: neuron-opt %s --pass-pipeline=builtin.module\(cse\) | FileCheck %s
// RUN: neuron-opt %s --pass-pipeline='builtin.module(cse)' \
// RUN:   | neuron-opt --pass-pipeline="builtin.module(cse)" | FileCheck %s
// RUN: echo 'single "double" $dollar' "double 'single' \"escaped\"" 100%% \
// RUN:   | FileCheck %s --check-prefix=ECHO

// CHECK: nn.add
// CHECK-NOT: nn.add
// CHECK: return
// ECHO: single "double" $dollar double 'single' "escaped" 100%
func.func @twice(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "nn.add"(%arg0, %arg0) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = "nn.add"(%arg0, %arg0) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %2 = "nn.mul"(%0, %1) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %2 : tensor<2xf32>
}
