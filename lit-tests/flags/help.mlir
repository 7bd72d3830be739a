// RUN: neuron-opt --help
// RUN: not neuron-opt --no-such-flag
// --help lists the flags and the registered passes; an unknown flag exits 1.
