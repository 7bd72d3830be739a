//! Lit tests of neuron-opt: every `lit-tests/**/*.mlir` file is one test case.
//!
//! `cargo test -p neuron-opt --test lit` runs them all but `lit-tests/neuron-run/`, which the
//! neuron-run package's own lit target runs with its binary; `-- errors/` runs those whose name
//! (path under lit-tests/) contains `errors/`. See docs/testing.md.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let config = neuron_lit::Config::new(repo.join("lit-tests"))
        .with_repo_root(&repo)
        .with_tool("neuron-opt", env!("CARGO_BIN_EXE_neuron-opt"))
        .without_dir("neuron-run");
    neuron_lit::run_main(config)
}
