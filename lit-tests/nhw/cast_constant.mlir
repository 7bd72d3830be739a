// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %s --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// nn.cast becomes nhw.cast (Scalar engine), nn.constant becomes nhw.constant (loaded by DMA).
func.func @casts(%x: tensor<3xf32>, %i: tensor<3xi32>) -> (tensor<3xf8E4M3FN>, tensor<3xi8>, tensor<3xf32>) {
  %c = nn.constant {value = dense<[1.0, 2.5, -3.0]> : tensor<3xf32>} : () -> tensor<3xf32>
  %0 = nn.add %x, %c : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %1 = nn.cast %0 : (tensor<3xf32>) -> tensor<3xbf16>
  %2 = nn.cast %1 : (tensor<3xbf16>) -> tensor<3xf8E4M3FN>
  %3 = nn.cast %0 : (tensor<3xf32>) -> tensor<3xi8>
  %4 = nn.cast %i : (tensor<3xi32>) -> tensor<3xf32>
  return %2, %3, %4 : tensor<3xf8E4M3FN>, tensor<3xi8>, tensor<3xf32>
}
