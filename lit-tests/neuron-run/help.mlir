// RUN: neuron-run --help
// RUN: not neuron-run
// neuron-run's help text (every flag is described in docs/neuron-run.md) and its usage error.
