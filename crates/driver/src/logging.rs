//! Logging set-up: `tracing` events go to stderr, filtered by `RUST_LOG` (default `warn`).

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber; a second call, or an invalid `RUST_LOG`, falls back quietly.
pub fn init_logging() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
