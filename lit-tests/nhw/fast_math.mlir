// RUN: neuron-opt %S/../fast-math/transformer.mlir --fast-math all --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %S/../fast-math/transformer.mlir --fast-math none --pass-pipeline='builtin.module(lower-to-nhw)'
// RUN: neuron-opt %S/../fast-math/transformer.mlir --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: neuron-opt %S/../fast-math/transformer.mlir --auto-cast all --auto-cast-type bf16 --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: neuron-opt %S/../fast-math/transformer.mlir --auto-cast matmult --auto-cast-type fp8_e4m3 --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// RUN: neuron-opt %S/../fast-math/transformer.mlir --auto-cast none --pass-pipeline='builtin.module(lower-to-nhw{target=trn1})'
// The transformer block of the fast-math tests lowered after the fast-math and auto-cast passes: the
// matmults take the narrowed operands (inf1's `none` still casts them to bf16, through its cast pass),
// transposes follow the relayout marks, and nothing of nn is left.
