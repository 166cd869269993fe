//! Running external tools (GNU gettext): echo the command, and turn a
//! missing tool or a failure into one line that says what to do.

use anyhow::{Result, anyhow, bail};
use std::process::Command;
use tracing::info;

/// Runs `program args…`, failing with its name, status and stderr.
pub fn run(program: &str, args: &[&str]) -> Result<String> {
    let output = output(program, args)?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!(
            "`{program} {}` failed ({}): {}",
            args.join(" "),
            output.status,
            stderr.trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Runs `program args…` and returns its whole output, whatever its exit
/// status; only a missing program is an error (one line, what to install).
pub fn output(program: &str, args: &[&str]) -> Result<std::process::Output> {
    info!("$ {program} {}", args.join(" "));
    Command::new(program).args(args).output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => anyhow!(
            "`{program}` was not found: install GNU gettext (Debian/Ubuntu: `sudo apt-get install gettext`, macOS: `brew install gettext`)"
        ),
        _ => anyhow!("could not run `{program}`: {e}"),
    })
}

/// Runs `program args…` in `dir` with the terminal's output, for long
/// steps whose progress the user wants to see.
pub fn run_visible(program: &str, args: &[&str], dir: &std::path::Path) -> Result<()> {
    info!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .status()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => anyhow!("`{program}` was not found on PATH"),
            _ => anyhow!("could not run `{program}`: {e}"),
        })?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}
