//! Lit tests of neuron-run: every `lit-tests/neuron-run/**/*.mlir` file, run with the binary cargo
//! just built (`cargo test -p neuron-run --test lit`; see docs/testing.md for filters).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let config = neuron_lit::Config::new(repo.join("lit-tests/neuron-run"))
        .with_repo_root(&repo)
        .with_tool("neuron-run", env!("CARGO_BIN_EXE_neuron-run"));
    neuron_lit::run_main(config)
}
