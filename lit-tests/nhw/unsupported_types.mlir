// RUN: not neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})' 2>&1 | FileCheck %s
// Element types the NeuronCore lacks are refused at the op that uses them (docs/types.md).
func.func @f(%x: tensor<4xui8>, %y: tensor<4xf8E4M3FNUZ>) -> (tensor<4xui8>, tensor<4xf32>) {
  // ui8 is a hardware type: this op lowers.
  %0 = nn.add %x, %x : tensor<4xui8>
  // CHECK: unsupported_types.mlir:7:3: error: 'nn.cast' op cannot be lowered to nhw: the hardware has no element type f8E4M3FNUZ
  %1 = nn.cast %y : (tensor<4xf8E4M3FNUZ>) -> tensor<4xf32>
  return %0, %1 : tensor<4xui8>, tensor<4xf32>
}
