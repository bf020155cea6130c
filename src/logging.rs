//! The status log: `tracing` to standard error, plain text without colour when not on
//! a terminal, no timestamps under journald (it adds its own), or JSON for machines.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::LogFormat;

/// Installs the global subscriber. `RUST_LOG`, when set, wins over `level`.
pub fn init(level: &str, format: LogFormat) {
    // sled's background flusher logs each failed flush; the daemon reports a store
    // error itself, once, and stops, so sled's own lines are left out by default.
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(format!("{level},sled=off")));
    let journald = std::env::var_os("JOURNAL_STREAM").is_some();
    let text = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false);
    let registry = tracing_subscriber::registry().with(filter);
    let result = match (format, journald) {
        (LogFormat::Json, _) => registry
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_writer(std::io::stderr),
            )
            .try_init(),
        (LogFormat::Text, true) => registry.with(text.without_time()).try_init(),
        (LogFormat::Text, false) => registry.with(text).try_init(),
    };
    // Only a second initialisation fails, and then the first one stands.
    drop(result);
}
