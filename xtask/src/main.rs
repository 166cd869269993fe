//! `cargo xtask …`: the commands a contributor to this site runs. The
//! tool's own commands (`build`, `serve`, `i18n …`) run the
//! `mdbook-i18n-site` library on this repository's book; `test` runs every
//! test of the project.

mod test_suite;

use clap::{Parser, Subcommand};
use mdbook_i18n_site::cli;
use std::path::Path;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Build, serve, translate and test the Bình Dương site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Tool(cli::Command),
    /// Run every test: Rust tests, translation checks and the browser suite.
    Test {
        /// Skip the browser suite (which needs Node.js and Chromium).
        #[arg(long)]
        no_browser: bool,
    },
}

fn main() -> ExitCode {
    cli::set_command_name("cargo xtask");
    cli::init_logging();
    // The workspace root, from this crate's own place, so that the commands
    // work from any current folder.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let result = match Cli::parse().command {
        Command::Tool(command) => cli::run(command, &root),
        Command::Test { no_browser } => test_suite::run(
            &root,
            test_suite::TestOptions {
                browser: !no_browser,
            },
        ),
    };
    cli::exit_code(result)
}
