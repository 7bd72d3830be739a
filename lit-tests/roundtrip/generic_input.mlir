// RUN: neuron-opt %s
// RUN: neuron-opt %s | neuron-opt
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt --mlir-print-op-generic
// A module written entirely in MLIR's generic form parses into the same IR as the custom form.
"builtin.module"() ({
  "func.func"() <{function_type = (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>, sym_name = "main"}> ({
  ^bb0(%arg0: tensor<2xf32>, %arg1: tensor<2xf32>):
    %0 = "nn.add"(%arg0, %arg1) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %1 = "nn.relu"(%0) : (tensor<2xf32>) -> tensor<2xf32>
    "func.return"(%1) : (tensor<2xf32>) -> ()
  }) : () -> ()
}) : () -> ()
