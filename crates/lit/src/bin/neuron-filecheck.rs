//! `neuron-filecheck`: the lit runner's built-in FileCheck as a command, for use by hand.
//!
//! `neuron-opt test.mlir | neuron-filecheck test.mlir [--check-prefix=P] …`

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let needs_stdin = !args.is_empty()
        && !args.iter().any(|a| {
            matches!(a.as_str(), "-h" | "--help")
                || a.starts_with("--input-file")
                || a.starts_with("-input-file")
        });
    let mut input = Vec::new();
    if needs_stdin {
        if let Err(e) = std::io::stdin().read_to_end(&mut input) {
            eprintln!("neuron-filecheck: cannot read standard input: {e}");
            return ExitCode::from(2);
        }
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let out = neuron_lit::run_filecheck(&args, &input, &cwd, color);
    let _ = std::io::stdout().write_all(out.stdout.as_bytes());
    let _ = std::io::stderr().write_all(out.stderr.as_bytes());
    ExitCode::from(u8::try_from(out.status).unwrap_or(2))
}
