//! The `articled` binary: parse the command line, hand over to the library.

use std::process::ExitCode;

use clap::Parser;

include!("allocator.rs");

fn main() -> ExitCode {
    articled::cli::run(articled::cli::Cli::parse())
}
