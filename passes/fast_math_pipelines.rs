//! The named fast-math pipelines: `fast-math-all` and `fast-math-none` (neuron-cc's `all`/`none`).

use neuron_pass::PipelineRegistration;

inventory::submit! {
    PipelineRegistration {
        argument: "fast-math-all",
        summary: "neuron-cc --fast-math all: fp32-cast-all and fast-relayout (best performance)",
        pipeline: "fp32-cast-all,fast-relayout",
    }
}

inventory::submit! {
    PipelineRegistration {
        argument: "fast-math-none",
        summary: "neuron-cc --fast-math none: fp32-cast-matmult-bf16 and no-fast-relayout (best accuracy)",
        pipeline: "fp32-cast-matmult-bf16,no-fast-relayout",
    }
}
