// RUN: not neuron-opt %s --allow-unregistered-dialect --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: not neuron-opt %s --allow-unregistered-dialect --pass-pipeline='builtin.module(lower-to-nhw{target=trn2})'
// An op the lowering has no rule for is a located error naming the op; a target other than inf1 and trn1
// is rejected with the pipeline.
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = nn.relu %x : tensor<2xf32>
  %1 = "mystery.op"(%0) : (tensor<2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}
