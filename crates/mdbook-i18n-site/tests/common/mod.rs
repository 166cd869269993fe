//! Shared by the whole-site tests: a throwaway copy of the project, and
//! helpers to build it and read its pages.
#![allow(dead_code)] // Each test file uses its own subset.

use mdbook_i18n_site::build::{BuildOptions, build_site};
use mdbook_i18n_site::project::Project;
use scraper::{Html, Selector};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The repository root.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the crate is in the workspace's crates/")
}

/// A copy of the book's inputs in a temporary folder, so a test can break
/// them without touching the real ones.
pub fn copy_project() -> (TempDir, Project) {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = Project::load(project_root()).expect("the project");
    let project = project
        .copy_inputs_to(dir.path())
        .expect("copy the project");
    (dir, project)
}

/// Runs the `mdbook-i18n-site` binary, as a user does, in `dir` (its
/// current folder) with `args`; fails the test if it fails.
pub fn run_tool(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mdbook-i18n-site"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run mdbook-i18n-site");
    assert!(
        output.status.success(),
        "mdbook-i18n-site {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Builds `site` into `dest` with `site_url`.
pub fn build(project: &Project, dest: &Path, site_url: &str) -> anyhow::Result<PathBuf> {
    let options = BuildOptions {
        site_url: Some(site_url.to_string()),
        output_dir: Some(dest.to_path_buf()),
        ..BuildOptions::default()
    };
    build_site(project, &options)
}

/// Parses an HTML file.
pub fn page(path: &Path) -> Html {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    Html::parse_document(&text)
}

/// A CSS selector, known to be valid.
pub fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap_or_else(|e| panic!("selector {selector}: {e:?}"))
}

/// The text of an element, whitespace collapsed.
pub fn text_of(element: scraper::ElementRef<'_>) -> String {
    element
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path.strip_prefix(dir).expect("under dir").to_path_buf());
            }
        }
    }
    files.sort();
    files
}
