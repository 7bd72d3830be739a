// RUN: neuron-opt %s | FileCheck %s
// RUN: neuron-opt %s --mlir-print-op-generic | neuron-opt | FileCheck %s
// RUN: neuron-opt %s --mlir-print-elementsattrs-with-hex-if-larger 1 | FileCheck %s --check-prefix=HEX
// The integer types i2 … ui64 and the floats f8E4M3FNUZ, f8E5M2FNUZ, f4E2M1FN, f8E8M0FNU: arguments,
// dense literals (unsigned values printed unsigned) and MLIR's one-byte-per-element hex layout.

// CHECK-LABEL: func.func @types(%arg0: tensor<2xi16>, %arg1: tensor<2xui8>, %arg2: tensor<2xui64>, %arg3: tensor<3xi4>, %arg4: tensor<2xui2>, %arg5: tensor<2xf8E4M3FNUZ>, %arg6: tensor<2xf8E5M2FNUZ>, %arg7: tensor<3xf4E2M1FN>, %arg8: tensor<2xf8E8M0FNU>)
func.func @types(%a: tensor<2xi16>, %b: tensor<2xui8>, %c: tensor<2xui64>, %d: tensor<3xi4>, %e: tensor<2xui2>, %f: tensor<2xf8E4M3FNUZ>, %g: tensor<2xf8E5M2FNUZ>, %h: tensor<3xf4E2M1FN>, %i: tensor<2xf8E8M0FNU>) -> tensor<3xi4> {
  // CHECK: nn.constant {value = dense<[18446744073709551615, 1]> : tensor<2xui64>}
  // HEX: dense<"0xFFFFFFFFFFFFFFFF0100000000000000"> : tensor<2xui64>
  %0 = nn.constant {value = dense<[18446744073709551615, 1]> : tensor<2xui64>} : () -> tensor<2xui64>
  // CHECK: nn.constant {value = dense<[-8, 7, -1]> : tensor<3xi4>}
  // HEX: dense<"0x08070F"> : tensor<3xi4>
  %1 = nn.constant {value = dense<[-8, 7, -1]> : tensor<3xi4>} : () -> tensor<3xi4>
  // CHECK: nn.constant {value = dense<[1.0, -6.0, 0.5]> : tensor<3xf4E2M1FN>}
  // HEX: dense<"0x020F01"> : tensor<3xf4E2M1FN>
  %2 = nn.constant {value = dense<[1.0, -6.0, 0.5]> : tensor<3xf4E2M1FN>} : () -> tensor<3xf4E2M1FN>
  // CHECK: nn.constant {value = dense<[240.0, 0x80]> : tensor<2xf8E4M3FNUZ>}
  %3 = nn.constant {value = dense<[240.0, 0x80]> : tensor<2xf8E4M3FNUZ>} : () -> tensor<2xf8E4M3FNUZ>
  // CHECK: nn.constant {value = dense<[5.877472e-39, 0xFF]> : tensor<2xf8E8M0FNU>}
  %4 = nn.constant {value = dense<[5.877472e-39, 0xFF]> : tensor<2xf8E8M0FNU>} : () -> tensor<2xf8E8M0FNU>
  // CHECK: nn.constant {value = dense<255> : tensor<2xui8>}
  %5 = nn.constant {value = dense<255> : tensor<2xui8>} : () -> tensor<2xui8>
  return %1 : tensor<3xi4>
}
