//! PO files, read once, strictly, with line numbers.
//!
//! This reader is the only one: the QA checks, the status figures and the
//! translation of the pages all read the entries it returns, so no input can
//! mean one thing to the checks and another to the page. (polib, which
//! mdbook-i18n-helpers uses, accepts a quote followed by spaces, drops
//! continuation lines that start with whitespace and misses `#,fuzzy`; it
//! also panics on an incomplete header and never says where a problem is.)
//! It accepts a subset of what GNU `msgfmt` accepts and reads it the same
//! way, which a differential test checks; a mistake is reported the way
//! `msgfmt` does (`po/en.po:12: …`).

use anyhow::{Context, Result, bail};
use polib::catalog::Catalog;
use polib::message::Message;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use unicode_normalization::{IsNormalized, is_nfc_quick};

/// Header fields every catalog has (polib 0.2 panics without them).
const REQUIRED_HEADER_FIELDS: [&str; 8] = [
    "Project-Id-Version",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Language-Team",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Language",
];

/// A problem at one line of one PO file, printed as `file:line: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The PO file.
    pub file: PathBuf,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, in a few words.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// One entry of a PO file, with the line its `msgid` is on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// Line of the `msgid` keyword.
    pub line: usize,
    /// `msgctxt`, if any.
    pub msgctxt: Option<String>,
    /// The source text (unescaped).
    pub msgid: String,
    /// The translation (unescaped; plural forms joined are not supported).
    pub msgstr: String,
    /// Marked `#, fuzzy`.
    pub fuzzy: bool,
    /// `#:` references, one per item.
    pub references: Vec<String>,
    /// `#.` extracted comments.
    pub comments: Vec<String>,
    /// `#| msgid`: the original the (fuzzy) translation was made from, as
    /// `msgmerge --previous` keeps it.
    pub previous_msgid: Option<String>,
}

impl Entry {
    /// Translated: a non-empty msgstr that is not fuzzy.
    pub fn is_translated(&self) -> bool {
        !self.fuzzy && !self.msgstr.is_empty()
    }
}

/// A PO file read strictly: its header text and its entries (obsolete `#~`
/// entries are skipped).
#[derive(Debug, Clone, Default)]
pub struct PoFile {
    /// The file it was read from.
    pub path: PathBuf,
    /// The unescaped `msgstr` of the header entry.
    pub header: String,
    /// Every entry but the header, in file order.
    entries: Vec<Entry>,
    /// `(msgctxt, msgid)` → position in `entries`, so that reading and
    /// looking up stay linear in the size of the catalog.
    index: HashMap<(Option<String>, String), usize>,
}

/// What one catalog translates, for the pages: each chapter message
/// (no `msgctxt`) that has a reviewed translation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translations {
    map: HashMap<String, String>,
}

impl Translations {
    /// The translation of `msgid`, if it has a reviewed one.
    pub fn get(&self, msgid: &str) -> Option<&str> {
        self.map.get(msgid).map(String::as_str)
    }

    /// Adds (or replaces) the translation of `msgid`.
    pub fn insert(&mut self, msgid: String, msgstr: String) {
        self.map.insert(msgid, msgstr);
    }

    /// How many messages are translated.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is translated.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// White space as msgfmt's lexer knows it: ASCII only (Rust's `trim`
/// would also take U+1680 or U+3000, which msgfmt reads as text).
fn is_po_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{b}' | '\u{c}')
}

impl PoFile {
    /// Reads and checks `path`; the error is a [`Diagnostic`] naming the line.
    pub fn read(path: &Path) -> Result<PoFile> {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text,
            Err(e) => {
                let line = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    + 1;
                return Err(diagnostic(path, line, "not valid UTF-8").into());
            }
        };
        Ok(PoFile::parse(text, path)?)
    }

    /// Parses PO text; `path` only names the file in diagnostics.
    pub fn parse(text: &str, path: &Path) -> Result<PoFile, Diagnostic> {
        Parser {
            path,
            file: PoFile {
                path: path.to_owned(),
                ..PoFile::default()
            },
            ..Parser::default()
        }
        .run(text)
    }

    /// The value of a header field such as `Language`.
    pub fn header_field(&self, name: &str) -> Option<&str> {
        self.header.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key.trim() == name).then(|| value.trim())
        })
    }

    /// A catalog made in code (tests, templates): `entries` must not repeat
    /// a `(msgctxt, msgid)`; a later one replaces an earlier one.
    pub fn new(path: impl Into<PathBuf>, header: String, entries: Vec<Entry>) -> PoFile {
        let mut file = PoFile {
            path: path.into(),
            header,
            ..PoFile::default()
        };
        for entry in entries {
            file.push(entry);
        }
        file
    }

    fn push(&mut self, entry: Entry) {
        let key = (entry.msgctxt.clone(), entry.msgid.clone());
        match self.index.get(&key) {
            Some(&i) => self.entries[i] = entry,
            None => {
                self.index.insert(key, self.entries.len());
                self.entries.push(entry);
            }
        }
    }

    /// Every entry but the header, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry with this context and msgid.
    pub fn find(&self, msgctxt: Option<&str>, msgid: &str) -> Option<&Entry> {
        // The key is owned; a lookup allocates it once.
        let key = (msgctxt.map(str::to_owned), msgid.to_owned());
        self.index.get(&key).map(|&i| &self.entries[i])
    }

    /// The chapter messages with a reviewed translation: what the pages
    /// are translated with.
    pub fn translations(&self) -> Translations {
        let map = self
            .entries
            .iter()
            .filter(|e| e.msgctxt.is_none() && e.is_translated())
            .map(|e| (e.msgid.clone(), e.msgstr.clone()))
            .collect();
        Translations { map }
    }

    /// The same entries as a polib catalog, to write with polib or to hand
    /// to mdbook-i18n-helpers' functions (the header is not carried over).
    pub fn to_polib(&self) -> Catalog {
        let mut catalog = Catalog::new(polib::metadata::CatalogMetadata::new());
        for entry in &self.entries {
            let mut message = Message::build_singular();
            message
                .with_msgid(entry.msgid.clone())
                .with_msgstr(entry.msgstr.clone())
                .with_source(entry.references.join(" "))
                .with_comments(entry.comments.join("\n"));
            if let Some(msgctxt) = &entry.msgctxt {
                message.with_msgctxt(msgctxt.clone());
            }
            if entry.fuzzy {
                message.with_flags(polib::message::MessageFlags {
                    entries: vec!["fuzzy".to_string()],
                });
            }
            catalog.append_or_update(message.done());
        }
        catalog
    }
}

/// Text not in Unicode NFC: the line of the first such entry. Editors on
/// macOS may save decomposed text, which then never matches the NFC source.
pub fn first_non_nfc_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            is_nfc_quick(line.chars()) != IsNormalized::Yes && !unicode_normalization::is_nfc(line)
        })
        .map(|i| i + 1)
}

/// The line of the first entry whose text is not in Unicode NFC.
pub fn first_non_nfc_entry(po: &PoFile) -> Option<usize> {
    let is_nfc = |text: &str| {
        is_nfc_quick(text.chars()) == IsNormalized::Yes || unicode_normalization::is_nfc(text)
    };
    po.entries()
        .iter()
        .find(|e| !is_nfc(&e.msgid) || !is_nfc(&e.msgstr))
        .map(|e| e.line)
}

fn diagnostic(path: &Path, line: usize, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: path.to_owned(),
        line,
        message: message.into(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Msgctxt,
    Msgid,
    Msgstr,
}

#[derive(Default)]
struct Pending {
    started: bool,
    line: usize,
    msgctxt: Option<String>,
    msgid: Option<String>,
    msgstr: Option<String>,
    fuzzy: bool,
    references: Vec<String>,
    comments: Vec<String>,
    /// `#| msgid` (the original a fuzzy translation was made from), once a
    /// `#|` line was read; `previous_field` says which `#|` string goes on.
    previous_msgid: Option<String>,
    previous_field: Option<Field>,
}

struct Parser<'a> {
    path: &'a Path,
    file: PoFile,
    pending: Pending,
    field: Field,
    header_seen: bool,
    line: usize,
}

impl Default for Parser<'_> {
    fn default() -> Self {
        Parser {
            path: Path::new(""),
            file: PoFile::default(),
            pending: Pending::default(),
            field: Field::None,
            header_seen: false,
            line: 0,
        }
    }
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> Diagnostic {
        diagnostic(self.path, self.line, message)
    }

    fn run(mut self, text: &str) -> Result<PoFile, Diagnostic> {
        if text.starts_with('\u{feff}') {
            self.line = 1;
            return Err(self.error(
                "the file starts with a byte-order mark (U+FEFF), which msgfmt refuses: save it as UTF-8 without one",
            ));
        }
        for (i, raw) in text.lines().enumerate() {
            self.line = i + 1;
            let line = raw.trim_end_matches('\r').trim_matches(is_po_space);
            // GNU's reader joins a line ending in a backslash to the next,
            // even in a comment: one reading means refusing it.
            if raw.trim_end_matches('\r').ends_with('\\') {
                return Err(self.error(
                    "the line ends with a backslash, which msgfmt reads as joining it to the next line",
                ));
            }
            // msgfmt keeps a message up to its first NUL (its compiled
            // catalog ends strings there): the page would show another text.
            if raw.contains('\0') {
                return Err(self.error(
                    "the line holds a NUL character, where msgfmt's compiled catalog cuts the message short: remove it",
                ));
            }
            // A CR is a line's end only before its LF: msgfmt reads one
            // anywhere else in its own way.
            if raw.strip_suffix('\r').unwrap_or(raw).contains('\r') {
                return Err(self.error(
                    "the line holds a carriage return (CR) that does not end it: remove it",
                ));
            }
            // U+0004 joins a context to its msgid in a compiled catalog.
            if raw.contains('\u{4}') {
                return Err(self.error(
                    "the line holds the control character U+0004, which msgfmt refuses (it separates a context from its msgid): remove it",
                ));
            }
            if line.is_empty() {
                // Blank lines separate nothing to msgfmt: an entry's
                // comments may stand apart from its msgid, a string from
                // the one it continues.
                continue;
            } else if let Some(rest) = line.strip_prefix('#') {
                if self.pending.msgid.is_some() {
                    self.finish_entry()?;
                } else if self.pending.msgctxt.is_some() {
                    return Err(self.error("a comment between msgctxt and msgid"));
                }
                if let Some(obsolete) = rest.strip_prefix('~') {
                    // Obsolete entries are history, not part of the catalog;
                    // the comments and flags before one are its own.
                    self.obsolete(obsolete)?;
                    self.pending = Pending::default();
                    continue;
                }
                if let Some(previous) = rest.strip_prefix('|') {
                    self.previous(previous.trim_matches(is_po_space))?;
                    continue;
                }
                if self.pending.previous_field.is_some() {
                    return Err(self.error(
                        "comments and flags must come before the `#|` lines of an entry (msgfmt refuses them after)",
                    ));
                }
                self.pending.started = true;
                if let Some(flags) = rest.strip_prefix(',') {
                    // GNU splits flags at commas and white space alike.
                    self.pending.fuzzy |= flags
                        .split(|c: char| c == ',' || is_po_space(c))
                        .any(|f| f == "fuzzy");
                } else if let Some(refs) = rest.strip_prefix(':') {
                    self.pending
                        .references
                        .extend(refs.split_whitespace().map(str::to_owned));
                } else if let Some(comment) = rest.strip_prefix('.') {
                    self.pending.comments.push(comment.trim().to_owned());
                }
            } else if line.starts_with('"') {
                let value = self.string(line)?;
                let slot = match self.field {
                    Field::None => return Err(self.error("a string continues no keyword")),
                    Field::Msgctxt => self.pending.msgctxt.as_mut(),
                    Field::Msgid => self.pending.msgid.as_mut(),
                    Field::Msgstr => self.pending.msgstr.as_mut(),
                };
                if let Some(slot) = slot {
                    slot.push_str(&value);
                }
            } else {
                self.keyword(line)?;
            }
        }
        self.line += 1;
        self.finish_entry()?;
        if !self.header_seen {
            self.line = 1;
            return Err(self.error(
                "no header entry (msgid \"\" with the catalog's metadata): create the file with `i18n add`",
            ));
        }
        Ok(self.file)
    }

    /// A `#~` line, after the `#~`: msgfmt reads an obsolete entry as it
    /// reads any other, so what it could not parse is an error here too.
    fn obsolete(&self, rest: &str) -> Result<(), Diagnostic> {
        let mut rest = rest;
        // msgfmt reads `#~` again after `#~` (a loop: a line may repeat it
        // thousands of times); any other `#` starts a comment.
        loop {
            rest = rest
                .strip_prefix('|')
                .unwrap_or(rest)
                .trim_matches(is_po_space);
            match rest.strip_prefix("#~") {
                Some(again) => rest = again,
                None => break,
            }
        }
        if rest.is_empty() || rest.starts_with('#') {
            return Ok(());
        }
        let literal = if rest.starts_with('"') {
            rest
        } else {
            let (keyword, literal) = rest.split_once(is_po_space).unwrap_or((rest, ""));
            let indexed = keyword
                .strip_prefix("msgstr[")
                .and_then(|k| k.strip_suffix(']'))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            if !indexed && !matches!(keyword, "msgctxt" | "msgid" | "msgid_plural" | "msgstr") {
                return Err(self.error(format!(
                    "an obsolete (#~) line msgfmt cannot read: `{keyword}` is not a keyword"
                )));
            }
            literal.trim_matches(is_po_space)
        };
        self.string(literal).map(|_| ())
    }

    /// A `#|` line: `msgctxt`, `msgid` or a continuing string of the
    /// message a fuzzy translation was made from.
    fn previous(&mut self, rest: &str) -> Result<(), Diagnostic> {
        self.pending.started = true;
        let (keyword, literal) = if rest.starts_with('"') {
            ("", rest)
        } else {
            rest.split_once(is_po_space)
                .map_or((rest, ""), |(k, v)| (k, v.trim_matches(is_po_space)))
        };
        let value = self.string(literal)?;
        match keyword {
            "msgctxt" if self.pending.previous_field.is_none() => {
                self.pending.previous_field = Some(Field::Msgctxt);
            }
            "msgid" if self.pending.previous_field != Some(Field::Msgid) => {
                self.pending.previous_msgid = Some(value);
                self.pending.previous_field = Some(Field::Msgid);
            }
            "" if self.pending.previous_field.is_some() => {
                if self.pending.previous_field == Some(Field::Msgid)
                    && let Some(previous) = self.pending.previous_msgid.as_mut()
                {
                    previous.push_str(&value);
                }
            }
            _ => {
                return Err(self.error(
                    "a `#|` line must be `#| msgctxt \"…\"`, `#| msgid \"…\"` or continue one with `#| \"…\"`",
                ));
            }
        }
        Ok(())
    }

    fn keyword(&mut self, line: &str) -> Result<(), Diagnostic> {
        let (keyword, rest) = line.split_once(is_po_space).unwrap_or((line, ""));
        let value = self.string(rest.trim_matches(is_po_space))?;
        match keyword {
            "msgctxt" => {
                if self.pending.msgid.is_some() {
                    self.finish_entry()?;
                }
                if self.pending.msgctxt.is_some() {
                    return Err(self.error("duplicate msgctxt"));
                }
                self.pending.started = true;
                self.pending.msgctxt = Some(value);
                self.field = Field::Msgctxt;
            }
            "msgid" => {
                if self.pending.msgid.is_some() {
                    if self.pending.msgstr.is_none() {
                        return Err(self.error("msgid follows a msgid that has no msgstr"));
                    }
                    self.finish_entry()?;
                }
                self.pending.started = true;
                self.pending.line = self.line;
                self.pending.msgid = Some(value);
                self.field = Field::Msgid;
            }
            // A book's messages are paragraphs and words, never counted
            // things; a plural entry would be read one way here and another
            // by msgfmt.
            "msgid_plural" => {
                return Err(self.error(
                    "plural forms (msgid_plural) are not supported: a book's messages have none",
                ));
            }
            "msgstr" => {
                if self.pending.msgid.is_none() {
                    return Err(self.error("msgstr without a msgid before it"));
                }
                if self.pending.msgstr.is_some() {
                    // That msgstr ended its entry: this one has no msgid.
                    return Err(self.error("msgstr without a msgid before it"));
                }
                self.pending.msgstr = Some(value);
                self.field = Field::Msgstr;
            }
            other => {
                return Err(self.error(format!(
                    "unknown keyword `{other}` (expected msgctxt, msgid, msgstr, a \"string\" or a # comment)"
                )));
            }
        }
        Ok(())
    }

    /// Unescapes one `"…"` literal.
    fn string(&self, literal: &str) -> Result<String, Diagnostic> {
        let inner = literal
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .filter(|_| literal.len() >= 2)
            .ok_or_else(|| self.error("expected a string in double quotes"))?;
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some('r') => out.push('\r'),
                    Some('"') => out.push('"'),
                    Some('\\') => out.push('\\'),
                    Some('a') => out.push('\u{7}'),
                    Some('b') => out.push('\u{8}'),
                    Some('f') => out.push('\u{c}'),
                    Some('v') => out.push('\u{b}'),
                    Some(other) => {
                        return Err(self.error(format!("invalid escape `\\{other}` in string")));
                    }
                    None => return Err(self.error("string ends with a lone backslash")),
                },
                '"' => return Err(self.error("unescaped `\"` inside a string (write \\\")")),
                c => out.push(c),
            }
        }
        Ok(out)
    }

    fn finish_entry(&mut self) -> Result<(), Diagnostic> {
        let pending = std::mem::take(&mut self.pending);
        self.field = Field::None;
        if !pending.started {
            return Ok(());
        }
        let Some(msgid) = pending.msgid else {
            if pending.msgctxt.is_some() {
                return Err(self.error("msgctxt without a msgid after it"));
            }
            // A lone comment block.
            return Ok(());
        };
        let Some(msgstr) = pending.msgstr else {
            return Err(diagnostic(
                self.path,
                pending.line,
                "msgid without a msgstr",
            ));
        };
        if msgid.is_empty() && pending.msgctxt.is_none() {
            if self.header_seen {
                return Err(diagnostic(
                    self.path,
                    pending.line,
                    "a second header entry (msgid \"\")",
                ));
            }
            self.header_seen = true;
            for field in REQUIRED_HEADER_FIELDS {
                let present = msgstr
                    .lines()
                    .any(|l| l.split_once(':').is_some_and(|(k, _)| k.trim() == field));
                if !present {
                    return Err(diagnostic(
                        self.path,
                        pending.line,
                        format!(
                            "incomplete header: `{field}:` is missing (`i18n add` writes a whole one)"
                        ),
                    ));
                }
            }
            // As msgfmt finds it: the first `charset=` anywhere in the
            // header, up to white space.
            let charset = msgstr.find("charset=").map(|at| {
                msgstr[at + "charset=".len()..]
                    .split([' ', '\t', '\n'])
                    .next()
                    .unwrap_or("")
                    .to_string()
            });
            if !charset
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("UTF-8"))
            {
                return Err(diagnostic(
                    self.path,
                    pending.line,
                    "the header's Content-Type must say `charset=UTF-8` (this reader, like the book, is UTF-8 only)",
                ));
            }
            self.file.header = msgstr;
            return Ok(());
        }
        if !self.header_seen {
            return Err(diagnostic(
                self.path,
                pending.line,
                "the header entry (msgid \"\") must come first",
            ));
        }
        if self
            .file
            .index
            .contains_key(&(pending.msgctxt.clone(), msgid.clone()))
        {
            return Err(diagnostic(
                self.path,
                pending.line,
                "duplicate message definition",
            ));
        }
        self.file.push(Entry {
            line: pending.line,
            msgctxt: pending.msgctxt,
            msgid,
            msgstr,
            fuzzy: pending.fuzzy,
            references: pending.references,
            comments: pending.comments,
            previous_msgid: pending.previous_msgid,
        });
        Ok(())
    }
}

/// Fails unless every catalog in `paths` reads cleanly.
pub fn check_all(paths: &[PathBuf]) -> Result<()> {
    for path in paths {
        PoFile::read(path)?;
    }
    if paths.is_empty() {
        bail!("no PO files to check");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: t\\n\"\n\"POT-Creation-Date: \\n\"\n\"PO-Revision-Date: \\n\"\n\"Language-Team: \\n\"\n\"MIME-Version: 1.0\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Content-Transfer-Encoding: 8bit\\n\"\n\"Language: en\\n\"\n\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n";

    #[track_caller]
    fn assert_error(body: &str, expected: &str) {
        let text = format!("{HEADER}\n{body}");
        let err = PoFile::parse(&text, Path::new("po/en.po")).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        // The header takes lines 1-11 and a blank line 12.
        assert_error(
            "msgid \"a\"\nmsgstr \"b\n",
            "po/en.po:14: expected a string in double quotes",
        );
        assert_error("msgid \"a\"\n", "po/en.po:13: msgid without a msgstr");
        assert_error(
            "msgstr \"a\"\n",
            "po/en.po:13: msgstr without a msgid before it",
        );
        assert_error(
            "msgid \"a\"\nmsgstr \"x\"y\"\n",
            "po/en.po:14: unescaped `\"` inside a string (write \\\")",
        );
        assert_error(
            "msgid \"a\"\nmsgstr \"\\q\"\n",
            "po/en.po:14: invalid escape `\\q` in string",
        );
        assert_error(
            "msgi \"a\"\n",
            "po/en.po:13: unknown keyword `msgi` (expected msgctxt, msgid, msgstr, a \"string\" or a # comment)",
        );
        assert_error(
            "#. x\n\"stray\"\n",
            "po/en.po:14: a string continues no keyword",
        );
        assert_error(
            "msgid \"a\"\nmsgstr \"b\"\n\nmsgid \"a\"\nmsgstr \"c\"\n",
            "po/en.po:16: duplicate message definition",
        );
    }

    #[test]
    fn a_byte_order_mark_is_named_not_printed() {
        let err = PoFile::parse("\u{feff}msgid \"\"\nmsgstr \"\"\n", Path::new("po/en.po"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "po/en.po:1: the file starts with a byte-order mark (U+FEFF), which msgfmt refuses: save it as UTF-8 without one"
        );
    }

    #[test]
    fn nul_eot_and_lone_cr_characters_are_refused_with_their_line() {
        // Found by the po_msgfmt fuzz target: msgfmt compiled "a" for "a\0b".
        let text = "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\nmsgid \"a\0b\"\nmsgstr \"c\"\n";
        let err = PoFile::parse(text, Path::new("po/en.po")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "po/en.po:5: the line holds a NUL character, where msgfmt's compiled catalog cuts the message short: remove it"
        );
        // A CR inside a line (found the same way).
        let err = PoFile::parse(&text.replace('\0', "\r"), Path::new("po/en.po")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("po/en.po:5: the line holds a carriage return")
        );
        // And msgfmt refuses U+0004 (found the same way).
        let err = PoFile::parse(&text.replace('\0', "\u{4}"), Path::new("po/en.po")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("po/en.po:5: the line holds the control character U+0004")
        );
    }

    #[test]
    fn obsolete_lines_must_be_what_msgfmt_reads() {
        // Found by the po_msgfmt fuzz target: msgfmt refuses `#~ t](x.md)`.
        for (obsolete, error) in [
            ("#~ msgid \"a\"\n#~ msgstr \"b\"\n#~ \"c\"\n#~\n#~#\n", None),
            ("#~| msgid \"a\"\n#~ msgstr[0] \"b\"\n", None),
            ("#~ t](x.md)\n", Some("`t](x.md)` is not a keyword")),
            ("#~#~[\n", Some("`[` is not a keyword")),
            (
                &format!("{}[\n", "#~".repeat(100_000)),
                Some("`[` is not a keyword"),
            ),
            ("#~ msgid \"a\n", Some("expected a string in double quotes")),
            // U+1680 is white space to Rust, a character to msgfmt (fuzzed).
            (
                "\u{1680}msgid \"a\"\nmsgstr \"b\"\n",
                Some("unknown keyword"),
            ),
        ] {
            let result = PoFile::parse(&format!("{HEADER}\n{obsolete}"), Path::new("po/en.po"));
            match error {
                None => assert!(result.is_ok(), "{obsolete:?}: {:?}", result.err()),
                Some(error) => {
                    let err = result.expect_err(obsolete).to_string();
                    assert!(
                        err.starts_with("po/en.po:13: ") && err.contains(error),
                        "{err}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_charset_is_the_first_one_msgfmt_finds() {
        // Found by the po_msgfmt fuzz target: msgfmt took this one.
        let header = HEADER.replace(
            "\"PO-Revision-Date: \\n\"",
            "\"PO-Revision-Date: charset=latin1\\n\"",
        );
        assert_ne!(header, HEADER);
        let err = PoFile::parse(&header, Path::new("po/en.po")).unwrap_err();
        assert!(err.to_string().contains("charset=UTF-8"), "{err}");
        assert!(PoFile::parse(HEADER, Path::new("po/en.po")).is_ok());
    }

    #[test]
    fn incomplete_header_is_an_error_not_a_panic() {
        let text = "msgid \"\"\nmsgstr \"\"\n\"Language: en\\n\"\n\nmsgid \"a\"\nmsgstr \"b\"\n";
        let err = PoFile::parse(text, Path::new("po/en.po")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "po/en.po:1: incomplete header: `Project-Id-Version:` is missing (`i18n add` writes a whole one)"
        );
        let err = PoFile::parse("msgid \"a\"\nmsgstr \"b\"\n", Path::new("x.po")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.po:1: the header entry (msgid \"\") must come first"
        );
    }

    #[test]
    fn entries_keep_lines_flags_and_context() {
        let text = format!(
            "{HEADER}\n#: src/a.md\n#, fuzzy\nmsgid \"\"\n\"Xin \"\n\"chào\"\nmsgstr \"Hello\"\n\n#~ msgid \"old\"\n#~ msgstr \"x\"\n\nmsgctxt \"ui:search\"\nmsgid \"Tìm\"\nmsgstr \"\"\n"
        );
        let po = PoFile::parse(&text, Path::new("en.po")).unwrap();
        assert_eq!(po.header_field("Language"), Some("en"));
        assert_eq!(po.entries().len(), 2);
        let first = &po.entries()[0];
        assert_eq!(
            (
                first.line,
                first.msgid.as_str(),
                first.fuzzy,
                first.is_translated()
            ),
            (15, "Xin chào", true, false)
        );
        assert_eq!(first.references, ["src/a.md"]);
        let second = po.find(Some("ui:search"), "Tìm").unwrap();
        assert_eq!((second.line, second.is_translated()), (24, false));
    }

    #[test]
    fn nfd_text_is_found() {
        assert_eq!(first_non_nfc_line("msgid \"Bình\"\n"), None);
        assert_eq!(first_non_nfc_line("a\nmsgid \"Bi\u{300}nh\"\n"), Some(2));
    }
}
