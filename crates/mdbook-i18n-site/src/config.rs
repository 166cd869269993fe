//! Reading `book.toml` strictly.
//!
//! mdBook denies unknown keys at the top level and in `[book]`, but for
//! `[output.html]` it only logs the error and builds with defaults, so a typo
//! silently changes the site. Here every table mdBook knows is parsed with
//! its own types, and the first error is reported as `book.toml:LINE: …`.

use anyhow::{Context, Result, anyhow};
use mdbook_driver::config::{Config, HtmlConfig};
use serde::Deserialize;
use std::fs;
use std::path::Path;

/// The tables of `book.toml` that mdBook would otherwise check only loosely.
#[derive(Deserialize)]
struct StrictOutputs {
    #[serde(default, rename = "output")]
    _output: Outputs,
}

#[derive(Deserialize, Default)]
struct Outputs {
    #[serde(rename = "html")]
    _html: Option<HtmlConfig>,
    // Other renderers (xgettext, …) check their own tables.
    #[serde(flatten)]
    _others: toml::Table,
}

/// Loads `book.toml` at `path` as mdBook does (including `MDBOOK_*`
/// environment overrides), failing on any key mdBook would ignore.
pub fn load(path: &Path) -> Result<Config> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse(&text, path)
}

/// Parses the text of a `book.toml`; `path` only names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Config> {
    toml::from_str::<StrictOutputs>(text).map_err(|e| located(text, path, &e))?;
    let mut config: Config = toml::from_str(text).map_err(|e| located(text, path, &e))?;
    config.update_from_env().with_context(|| {
        format!(
            "{}: applying MDBOOK_* environment overrides",
            path.display()
        )
    })?;
    Ok(config)
}

/// One line: `book.toml:12: unknown field `x`, expected one of …`.
fn located(text: &str, path: &Path, err: &toml::de::Error) -> anyhow::Error {
    let line = err
        .span()
        .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
    let message = err.message().trim().replace('\n', " ");
    match line {
        Some(line) => anyhow!("{}:{line}: {message}", path.display()),
        None => anyhow!("{}: {message}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_error(book_toml: &str, expected: &str) {
        let err = parse(book_toml, Path::new("book.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(expected), "got: {err}\nwanted: {expected}…");
        assert!(!err.contains('\n'), "not one line: {err}");
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        assert_error(
            "[book]\ntitle = \"t\"\n\n[output.html]\nsite-url = \"/\"\nno-such-key = 1\n",
            "book.toml:6: unknown field `no-such-key`",
        );
        assert_error(
            "[book]\ntitel = \"t\"\n",
            "book.toml:2: unknown field `titel`",
        );
        assert_error(
            "[output.html.search]\nlimit-results = \"x\"\n",
            "book.toml:2: invalid type",
        );
        assert_error("[book\n", "book.toml:1:");
    }

    #[test]
    fn known_keys_and_other_renderers_pass() {
        let config = parse(
            "[book]\nlanguage = \"vi\"\n[output.html]\nsite-url = \"/x/\"\n[output.xgettext]\ngranularity = 0\n",
            Path::new("book.toml"),
        )
        .unwrap();
        assert_eq!(config.book.language.as_deref(), Some("vi"));
    }
}
