//! The `nn` dialect: graph-level ops of FP32-trained neural networks.
