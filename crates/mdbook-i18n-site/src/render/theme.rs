//! The theme mdBook renders from: the tool's own lean theme, which ships
//! inside the tool, with the book's theme folder over it file by file (as
//! mdBook's own theme is overridden), the table of contents marked for the
//! builder to fill in ([`super::toc`]).

use super::toc;
use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

/// The tool's theme: the files mdBook renders and copies (the templates of
/// a page and of a redirect, the stylesheets, the page script) and the search script the builder
/// writes beside each language's index.
const DEFAULT_THEME: &[(&str, &str)] = &[
    ("index.hbs", include_str!("../../theme/index.hbs")),
    ("redirect.hbs", include_str!("../../theme/redirect.hbs")),
    ("book.js", include_str!("../../theme/book.js")),
    (
        "css/general.css",
        include_str!("../../theme/css/general.css"),
    ),
    (
        "css/variables.css",
        include_str!("../../theme/css/variables.css"),
    ),
    ("css/print.css", include_str!("../../theme/css/print.css")),
    (
        "fonts/fonts.css",
        include_str!("../../theme/fonts/fonts.css"),
    ),
    (SEARCH_SCRIPT, include_str!("../../theme/search.js")),
    (SERVICE_WORKER, include_str!("../../theme/sw.js")),
    (ICON, include_str!("../../theme/icon.svg")),
];

/// The service worker's script, which the builder writes into each
/// language's folder with its file list ([`crate::offline`]).
const SERVICE_WORKER: &str = "sw.js";

/// The book's icon, from which the installed app's are drawn.
const ICON: &str = "icon.svg";

/// The search script, loaded on demand (the builder writes it, fingerprinted).
pub const SEARCH_SCRIPT: &str = "search.js";

/// Files of a book's theme folder that are not theme files mdBook reads.
const NOT_THEME_FILES: [&str; 1] = ["ui.toml"];

/// The assembled theme, and the tool's files the builder writes itself.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The search script: its name with a content hash, and its text.
    pub search_script: (String, String),
    /// The service worker's script, before the builder's lines.
    pub service_worker: String,
    /// The icon, SVG.
    pub icon: String,
}

/// Writes the tool's theme into `dest`, then the files of `book_theme`
/// (the book's own theme folder, if it exists) over it, marks the table of
/// contents in `index.hbs` and puts its partials' text in it.
pub fn write_theme(book_theme: &Path, dest: &Path) -> Result<Theme> {
    for (name, text) in DEFAULT_THEME {
        write(&dest.join(name), text)?;
    }
    if book_theme.is_dir() {
        overlay(book_theme, dest)?;
    }
    minify_stylesheets(dest, book_theme)?;
    minify_own_scripts(dest, book_theme)?;
    let index = dest.join("index.hbs");
    let shown = if book_theme.join("index.hbs").is_file() {
        book_theme.join("index.hbs")
    } else {
        Path::new("(the tool's theme)").join("index.hbs")
    };
    toc::mark_template(&index, &shown)?;
    inline_partials(&index, dest)?;
    let read = |name: &str| {
        let path = dest.join(name);
        fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    let script = read(SEARCH_SCRIPT)?;
    Ok(Theme {
        search_script: (fingerprinted(SEARCH_SCRIPT, &script), script),
        service_worker: read(SERVICE_WORKER)?,
        icon: read(ICON)?,
    })
}

/// `name` with the first 8 hex digits of the SHA-256 of `text` before its
/// extension, as mdBook names its `hash-files` (`search-0123abcd.js`).
fn fingerprinted(name: &str, text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let hash: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}-{hash}.{extension}"),
        None => format!("{name}-{hash}"),
    }
}

/// Every file under `folder`, at any depth.
fn files_under(folder: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in
            fs::read_dir(&folder).with_context(|| format!("reading {}", folder.display()))?
        {
            let path = entry
                .with_context(|| format!("reading {}", folder.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    Ok(files)
}

/// Copies the files of `from` over `to`, keeping what `to` has that `from`
/// does not.
fn overlay(from: &Path, to: &Path) -> Result<()> {
    for path in files_under(from)? {
        let relative = path.strip_prefix(from).unwrap_or(&path);
        if NOT_THEME_FILES.iter().any(|n| relative == Path::new(n)) {
            continue;
        }
        let target = to.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::copy(&path, &target).with_context(|| format!("copying {}", path.display()))?;
    }
    Ok(())
}

/// Minifies every stylesheet of the assembled theme in place, naming the
/// book's own file in a warning when it is the book's.
fn minify_stylesheets(dest: &Path, book_theme: &Path) -> Result<()> {
    for path in files_under(dest)? {
        if path.extension().is_none_or(|e| e != "css") {
            continue;
        }
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let relative = path.strip_prefix(dest).unwrap_or(&path);
        let own = book_theme.join(relative);
        let shown = if own.is_file() {
            own
        } else {
            relative.to_path_buf()
        };
        fs::write(&path, super::css::minify(&text, &shown))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Minifies the scripts of the assembled theme that are the tool's own
/// ([`super::js`]); a book's own script is kept as written.
fn minify_own_scripts(dest: &Path, book_theme: &Path) -> Result<()> {
    for (name, text) in DEFAULT_THEME {
        if !name.ends_with(".js") || book_theme.join(name).is_file() {
            continue;
        }
        write(&dest.join(name), &super::js::minify(text))?;
    }
    Ok(())
}

/// The partials mdBook registers from a theme's files and a template calls
/// without parameters.
const PARTIALS: [&str; 2] = ["head", "header"];

/// Puts the text of `theme/head.hbs` and `header.hbs` where the template at
/// `index` calls them: handlebars renders a partial from a copy of the whole
/// template data, which holds the book's chapter list, so each call costs a
/// page time in proportion to the book. A partial without parameters sees
/// the template's own data, so the page is the same. mdBook's default
/// partials are a comment: a theme without the file gets nothing.
fn inline_partials(index: &Path, theme: &Path) -> Result<()> {
    let mut template =
        fs::read_to_string(index).with_context(|| format!("reading {}", index.display()))?;
    for name in PARTIALS {
        let call = format!("{{{{> {name}}}}}");
        if template.contains(&call) {
            let file = theme.join(format!("{name}.hbs"));
            let text = if file.is_file() {
                fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?
            } else {
                String::new()
            };
            template = inline(&template, &call, &text);
        }
    }
    fs::write(index, template).with_context(|| format!("writing {}", index.display()))
}

/// `template` with each `call` replaced by `text` as handlebars renders a
/// partial: a call alone on its line takes the whole line, and each line of
/// `text` gets the call's indentation.
fn inline(template: &str, call: &str, text: &str) -> String {
    let mut out = String::with_capacity(template.len() + text.len());
    for line in template.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let indent = &body[..body.len() - body.trim_start().len()];
        if body.trim() == call {
            for text_line in text.split_inclusive('\n') {
                out.push_str(indent);
                out.push_str(text_line);
            }
        } else {
            out.push_str(&line.replace(call, text));
        }
    }
    out
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_alone_on_its_line_takes_the_line_indented() {
        for (template, text, expected) in [
            (
                "<head>\n  {{> head}}\n</head>",
                "<a>\n<b>\n",
                "<head>\n  <a>\n  <b>\n</head>",
            ),
            ("<head>\n  {{> head}}\n</head>", "", "<head>\n</head>"),
            ("<p>{{> head}}</p>\n", "x", "<p>x</p>\n"),
        ] {
            assert_eq!(
                inline(template, "{{> head}}", text),
                expected,
                "{template:?}"
            );
        }
    }

    #[test]
    fn the_books_files_override_the_tools_file_by_file() {
        let dir = tempfile::tempdir().unwrap();
        let book = dir.path().join("theme");
        fs::create_dir_all(book.join("css")).unwrap();
        fs::write(book.join("css/variables.css"), ":root{--x:1}").unwrap();
        fs::write(book.join("head.hbs"), "<meta name=x>").unwrap();
        fs::write(book.join("ui.toml"), "print = \"x\"").unwrap();
        let dest = dir.path().join("out");
        let theme = write_theme(&book, &dest).unwrap();
        assert_eq!(
            fs::read_to_string(dest.join("css/variables.css")).unwrap(),
            ":root{--x:1}"
        );
        assert_eq!(
            fs::read_to_string(dest.join("head.hbs")).unwrap(),
            "<meta name=x>"
        );
        assert!(
            fs::read_to_string(dest.join("css/general.css"))
                .unwrap()
                .len()
                > 100
        );
        assert!(
            !dest.join("ui.toml").exists(),
            "the book's words are not a theme file"
        );
        let index = fs::read_to_string(dest.join("index.hbs")).unwrap();
        assert!(index.contains("<ol data-toc></ol>") && !index.contains("{{#toc}}"));
        // The book's head.hbs, in the template itself.
        assert!(index.contains("<meta name=x>") && !index.contains("{{> head}}"));
        let (name, text) = theme.search_script;
        assert!(
            name.starts_with("search-") && name.ends_with(".js") && name.len() == 18,
            "{name}"
        );
        // The tool's script, minified; a book's own would be kept as written.
        assert_eq!(
            text,
            crate::render::js::minify(include_str!("../../theme/search.js"))
        );
        // No theme folder at all: the tool's theme alone.
        write_theme(&dir.path().join("none"), &dir.path().join("alone")).unwrap();
        assert!(dir.path().join("alone/book.js").is_file());
    }
}
