// Harness sample: every other RUN line is compared with its golden snapshot,
// snapshots/snapshot_outputs@run<N>.snap: exit status, stdout and stderr, with the test's
// path shown as %s (%S for its directory) and timings as <time>.
// RUN: neuron-opt %s
// RUN: neuron-opt %s --mlir-print-op-generic
// `not` expects a failure (but never accepts a crash); the snapshot keeps the diagnostics:
// RUN: not neuron-opt %s --pass-pipeline='builtin.module(no-such-pass)'
// RUN: not neuron-opt %S/does-not-exist.mlir
func.func @f(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.neg %arg0 : tensor<2xf32>
  return %0 : tensor<2xf32>
}
