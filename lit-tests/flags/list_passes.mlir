// RUN: neuron-opt --list-passes
// Every registered pass and pipeline with its summary and options.
