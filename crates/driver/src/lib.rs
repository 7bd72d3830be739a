//! The neuron-opt driver library: input splitting, diagnostic verification, atomic output.
