//! `mdbook-i18n-site`: build, serve and translate every language of an
//! mdBook translated with gettext. Parses the command line and calls the
//! library ([`mdbook_i18n_site::cli`]).

use clap::Parser;
use mdbook_i18n_site::cli::{self, Command};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "mdbook-i18n-site", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

fn main() -> ExitCode {
    cli::init_logging();
    let cli = Cli::parse();
    match std::env::current_dir() {
        Ok(dir) => cli::exit_code(cli::run(cli.command, &dir)),
        Err(e) => cli::exit_code(Err(anyhow::anyhow!("reading the current folder: {e}"))),
    }
}
