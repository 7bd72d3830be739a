// RUN: not neuron-opt %s
module {
}
module {
}
