//! Reading `book.toml`: every key mdBook knows, and a word about every key
//! it does not.
//!
//! mdBook refuses unknown keys at the top level and in `[book]`, but for
//! `[output.html]` it only logs the error and then builds with *all* of the
//! table's settings at their defaults: one stale key (Rust by Example's
//! `[output.html.playpen]`) silently changes the whole project. Here each table
//! mdBook knows is compared with the fields of mdBook's own types; an
//! unknown key is reported as `book.toml:LINE: unknown key …` with the
//! nearest known one, then left out, so the rest of the table still counts.
//! Under `--strict` the first such key is an error.

use anyhow::{Context, Result, anyhow, bail};
use mdbook_driver::config::{
    BookConfig, BuildConfig, Code, Config, Fold, HtmlConfig, Playground, Print, RustConfig, Search,
};
use serde::de::DeserializeOwned;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// A key of `book.toml` that mdBook does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// `book.toml`.
    pub file: PathBuf,
    /// 1-based line of the key.
    pub line: usize,
    /// Its dotted path (`output.html.playpen`).
    pub path: String,
    /// The nearest key mdBook knows in that table, if one is near.
    pub nearest: Option<String>,
}

impl fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: unknown key `{}`, which mdBook ignores",
            self.file.display(),
            self.line,
            self.path
        )?;
        match &self.nearest {
            Some(nearest) => write!(f, " (did you mean `{nearest}`?)"),
            None => Ok(()),
        }
    }
}

/// `book.toml` as mdBook reads it, with the keys it does not know.
#[derive(Debug, Clone)]
pub struct BookToml {
    /// The configuration, unknown keys left out, `MDBOOK_*` overrides applied.
    pub config: Config,
    /// The keys left out, in file order.
    pub unknown: Vec<UnknownKey>,
    /// The renderers `[output.*]` names besides `html`, each with its line
    /// and whether it is `optional`.
    pub other_renderers: Vec<(String, usize, bool)>,
}

/// Loads `book.toml` at `path`.
pub fn load(path: &Path) -> Result<BookToml> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse(&text, path)
}

/// Parses the text of a `book.toml`; `path` only names it in messages.
pub fn parse(text: &str, path: &Path) -> Result<BookToml> {
    let spanned = toml::de::DeTable::parse(text).map_err(|e| located(text, path, &e))?;
    let mut table: toml::Table = toml::from_str(text).map_err(|e| located(text, path, &e))?;
    let mut unknown = Vec::new();
    find_unknown(text, path, spanned.get_ref(), "", &mut unknown);
    let mut other_renderers = Vec::new();
    if let Some(outputs) = spanned.get_ref().get("output")
        && let toml::de::DeValue::Table(outputs) = outputs.get_ref()
    {
        for (name, table) in outputs {
            if name.get_ref() == "html" {
                continue;
            }
            let optional = match table.get_ref() {
                toml::de::DeValue::Table(t) => t
                    .get("optional")
                    .is_some_and(|v| matches!(v.get_ref(), toml::de::DeValue::Boolean(true))),
                _ => false,
            };
            other_renderers.push((
                name.get_ref().to_string(),
                line_at(text, name.span().start),
                optional,
            ));
        }
        other_renderers.sort_by_key(|(_, line, _)| *line);
    }
    for key in &unknown {
        remove_path(&mut table, &key.path);
    }
    // mdBook reads `[output.html]` only when it renders, and then drops a
    // table it cannot read: read it now, to report a wrong type with its line.
    if let Some(html) = table.get("output").and_then(|o| o.get("html"))
        && let Err(e) = html.clone().try_into::<HtmlConfig>()
    {
        return Err(typed_error(
            text,
            path,
            spanned.get_ref(),
            "output.html",
            &e,
        ));
    }
    let mut config: Config = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| typed_error(text, path, spanned.get_ref(), "", &e))?;
    config.update_from_env().with_context(|| {
        format!(
            "{}: applying MDBOOK_* environment overrides",
            path.display()
        )
    })?;
    Ok(BookToml {
        config,
        unknown,
        other_renderers,
    })
}

/// The fields of one of mdBook's configuration types, read from the type
/// itself: deserializing a key no type has makes serde name every field
/// the type knows ("unknown field `…`, expected one of `a`, `b`").
fn fields_of<T: DeserializeOwned>() -> Vec<String> {
    let probe: toml::Table = toml::from_str("\"\\u0001\" = 0").unwrap_or_default();
    let Err(error) = toml::Value::Table(probe).try_into::<T>() else {
        return Vec::new();
    };
    let message = error.message().to_string();
    let Some((_, expected)) = message.split_once("expected") else {
        return Vec::new();
    };
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The keys the table at dotted `path` may hold, for the tables mdBook
/// types; `None` for the others (renderers, preprocessors, maps such as
/// `redirect` or `code.hidelines`), which take any key.
fn known_keys(path: &str) -> Option<Vec<String>> {
    Some(match path {
        "" => fields_of::<Config>(),
        "book" => fields_of::<BookConfig>(),
        "build" => fields_of::<BuildConfig>(),
        "rust" => fields_of::<RustConfig>(),
        "output.html" => fields_of::<HtmlConfig>(),
        "output.html.fold" => fields_of::<Fold>(),
        "output.html.playground" => fields_of::<Playground>(),
        "output.html.code" => fields_of::<Code>(),
        "output.html.print" => fields_of::<Print>(),
        "output.html.search" => fields_of::<Search>(),
        _ => return None,
    })
    .filter(|keys| !keys.is_empty())
}

/// The unknown keys of `table`, at dotted `prefix`, and of its tables.
fn find_unknown(
    text: &str,
    path: &Path,
    table: &toml::de::DeTable<'_>,
    prefix: &str,
    found: &mut Vec<UnknownKey>,
) {
    let known = known_keys(prefix);
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let dotted = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        };
        if let Some(known) = &known
            && !known.iter().any(|k| k == name)
        {
            found.push(UnknownKey {
                file: path.to_owned(),
                line: line_at(text, key.span().start),
                path: dotted,
                nearest: nearest(name, known),
            });
        } else if let toml::de::DeValue::Table(child) = value.get_ref() {
            find_unknown(text, path, child, &dotted, found);
        }
    }
}

/// The known key nearest to `key`, if it is near enough to be a typo.
fn nearest(key: &str, known: &[String]) -> Option<String> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(key, k), k))
        .filter(|(distance, k)| *distance <= (k.len() / 3).max(2))
        .min()
        .map(|(_, k)| k.clone())
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Removes the key at dotted `path` from `table`.
fn remove_path(table: &mut toml::Table, path: &str) {
    let mut parts: Vec<&str> = path.split('.').collect();
    let Some(last) = parts.pop() else { return };
    let mut current = table;
    for part in parts {
        match current.get_mut(part) {
            Some(toml::Value::Table(next)) => current = next,
            _ => return,
        }
    }
    current.remove(last);
}

/// A type error from a table at dotted `prefix`, as one line with the line
/// of the key it names (serde says "… in `search.limit-results`").
fn typed_error(
    text: &str,
    path: &Path,
    table: &toml::de::DeTable<'_>,
    prefix: &str,
    err: &toml::de::Error,
) -> anyhow::Error {
    let message = err.to_string();
    let message = message.trim();
    let (what, key) = match message.rsplit_once("\nin `") {
        Some((what, key)) => (what, key.trim_end_matches('`')),
        None => (message, ""),
    };
    let dotted = [prefix, key]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(".");
    let what = what.replace('\n', " ");
    match line_of_key(text, table, &dotted) {
        Some(line) => anyhow!("{}:{line}: {what} (`{dotted}`)", path.display()),
        None => anyhow!("{}: {what} (`{dotted}`)", path.display()),
    }
}

/// The line of the key at dotted `path` in `table`.
fn line_of_key(text: &str, table: &toml::de::DeTable<'_>, path: &str) -> Option<usize> {
    let mut current = table;
    let mut parts = path.split('.').peekable();
    while let Some(part) = parts.next() {
        let (key, value) = current.get_key_value(part)?;
        if parts.peek().is_none() {
            return Some(line_at(text, key.span().start));
        }
        match value.get_ref() {
            toml::de::DeValue::Table(next) => current = next,
            _ => return None,
        }
    }
    None
}

/// One line: `book.toml:12: invalid type …`.
fn located(text: &str, path: &Path, err: &toml::de::Error) -> anyhow::Error {
    let line = err.span().map(|span| line_at(text, span.start));
    let message = err.message().trim().replace('\n', " ");
    match line {
        Some(line) => anyhow!("{}:{line}: {message}", path.display()),
        None => anyhow!("{}: {message}", path.display()),
    }
}

/// `config` without the table or key at dotted `path` (mdBook's `Config`
/// can set a key but not remove one).
pub fn without(config: &Config, path: &str) -> Result<Config> {
    let mut table = toml::Table::try_from(config).context("copying the configuration")?;
    remove_path(&mut table, path);
    toml::Value::Table(table)
        .try_into()
        .context("copying the configuration")
}

/// The first unknown key as an error, with how many more there are.
pub fn refuse_unknown(unknown: &[UnknownKey]) -> Result<()> {
    match unknown {
        [] => Ok(()),
        [only] => bail!("{only} (--strict)"),
        [first, rest @ ..] => bail!("{first} (and {} more unknown keys; --strict)", rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn assert_unknown(book_toml: &str, expected: &[&str]) {
        let parsed = parse(book_toml, Path::new("book.toml")).unwrap();
        let got: Vec<String> = parsed.unknown.iter().map(ToString::to_string).collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn unknown_keys_are_named_with_their_line_and_the_nearest_known_key() {
        assert_unknown(
            "[book]\ntitle = \"t\"\n\n[output.html]\nsite-url = \"/\"\nno-such-key = 1\n",
            &["book.toml:6: unknown key `output.html.no-such-key`, which mdBook ignores"],
        );
        assert_unknown(
            "[book]\ntitel = \"t\"\n",
            &[
                "book.toml:2: unknown key `book.titel`, which mdBook ignores (did you mean `title`?)",
            ],
        );
        // Rust by Example's old name for the playground is an alias mdBook
        // still reads.
        assert_unknown(
            "[output.html.playpen]\neditable = true\n\n[output.html.fold]\nenable = true\nlevl = 1\n",
            &[
                "book.toml:6: unknown key `output.html.fold.levl`, which mdBook ignores (did you mean `level`?)",
            ],
        );
        assert_unknown(
            "[outptu.html]\n",
            &["book.toml:1: unknown key `outptu`, which mdBook ignores (did you mean `output`?)"],
        );
    }

    #[test]
    fn the_rest_of_a_table_with_an_unknown_key_still_counts() {
        let parsed = parse(
            "[output.html]\nsite-url = \"/x/\"\nno-such-key = 1\n[output.html.fold]\nenable = true\n",
            Path::new("book.toml"),
        )
        .unwrap();
        let html = parsed.config.html_config().unwrap();
        assert_eq!(html.site_url.as_deref(), Some("/x/"));
        assert!(html.fold.enable);
    }

    #[test]
    fn other_renderers_preprocessors_and_maps_take_any_key() {
        assert_unknown(
            "[book]\nlanguage = \"vi\"\n[output.html]\nsite-url = \"/x/\"\n[output.html.redirect]\n\"/a.html\" = \"b.html\"\n[output.xgettext]\ngranularity = 0\n[preprocessor.gettext]\nanything = 1\n",
            &[],
        );
    }

    #[test]
    fn other_renderers_are_listed_with_their_line() {
        let parsed = parse(
            "[output.html]\n[output.pandoc]\noptional = true\n\n[output.linkcheck]\n",
            Path::new("book.toml"),
        )
        .unwrap();
        assert_eq!(
            parsed.other_renderers,
            [
                ("pandoc".to_string(), 2, true),
                ("linkcheck".to_string(), 5, false)
            ]
        );
    }

    #[test]
    fn a_table_can_be_left_out() {
        let parsed = parse(
            "[output.html]\nsite-url = \"/x/\"\n[output.html.search]\nenable = true\n",
            Path::new("book.toml"),
        )
        .unwrap();
        let config = without(&parsed.config, "output.html.search").unwrap();
        let html = config.html_config().unwrap();
        assert!(html.search.is_none());
        assert_eq!(html.site_url.as_deref(), Some("/x/"));
    }

    #[test]
    fn malformed_files_and_wrong_types_are_errors_with_a_line() {
        let err = |text: &str| format!("{:#}", parse(text, Path::new("book.toml")).unwrap_err());
        assert!(
            err("[book\n").starts_with("book.toml:1:"),
            "{}",
            err("[book\n")
        );
        let wrong = err("[book]\ntitle = \"t\"\n[output.html.search]\nlimit-results = \"x\"\n");
        assert_eq!(
            wrong,
            "book.toml:4: invalid type: string \"x\", expected u32 (`output.html.search.limit-results`)"
        );
        assert!(!wrong.contains('\n'));
    }
}
