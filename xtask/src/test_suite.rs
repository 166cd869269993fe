//! `cargo xtask test`: every test of the project in one command — the Rust
//! tests (unit, property, whole-site), the translation checks, and the
//! browser suite in headless Chromium.

use anyhow::{Result, bail};
use mdbook_i18n_site::i18n;
use mdbook_i18n_site::process;
use mdbook_i18n_site::project::Project;
use std::path::Path;

/// Which parts to run.
#[derive(Debug, Clone, Copy)]
pub struct TestOptions {
    /// Run the browser suite (needs Node.js and Chromium).
    pub browser: bool,
}

/// Runs the suite; fails on the first part that fails.
pub fn run(root: &Path, options: TestOptions) -> Result<()> {
    let project = Project::load(root)?;
    // Say what is missing before spending minutes on the Rust tests.
    let gettext = ["msgmerge", "msgcat", "msgfmt", "msginit"];
    if let Some(tool) = gettext.iter().find(|tool| which(tool).is_none()) {
        bail!(
            "the translation tests need GNU gettext (`{tool}` is missing): `sudo apt-get install -y gettext` (macOS: `brew install gettext`)"
        );
    }
    if options.browser {
        browser_prerequisites()?;
    }
    process::run_visible("cargo", &["test", "--workspace", "--locked"], &project.root)?;

    // The build CI and the Pages workflow run: style problems refuse it.
    let scratch = tempfile::tempdir()?;
    let strict = mdbook_i18n_site::BuildOptions {
        strict: true,
        output_dir: Some(scratch.path().join("site")),
        ..mdbook_i18n_site::BuildOptions::default()
    };
    mdbook_i18n_site::build_site(&project, &strict)?;

    let problems = i18n::check(&project)?;
    print!("{}", i18n::format_status(&i18n::status(&project)?));
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        bail!("{} problem(s) in the translations", problems.len());
    }

    if options.browser {
        let suite = project.root.join("tests").join("browser");
        let suite_arg = suite.to_string_lossy().into_owned();
        process::run_visible(
            "npm",
            &["ci", "--no-audit", "--no-fund", "--prefix", &suite_arg],
            &project.root,
        )?;
        process::run_visible("npm", &["test", "--prefix", &suite_arg], &project.root)?;
    }
    Ok(())
}

fn browser_prerequisites() -> Result<()> {
    // poppler-utils reads the PDFs back (pdftotext, pdffonts, pdftohtml, pdfinfo).
    let missing: Vec<&str> = [
        ("node", "nodejs"),
        ("npm", "npm"),
        ("pdftotext", "poppler-utils"),
    ]
    .into_iter()
    .filter(|(program, _)| which(program).is_none())
    .map(|(_, package)| package)
    .chain(
        Path::new("/usr/bin/chromium")
            .exists()
            .then_some(())
            .is_none()
            .then_some("chromium"),
    )
    .collect();
    if !missing.is_empty() {
        bail!(
            "the browser tests need {}: `sudo apt-get install -y {}` (or skip them with `cargo xtask test --no-browser`)",
            missing.join(", "),
            missing.join(" ")
        );
    }
    Ok(())
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}
