//! Gettext catalogs for translated books, read and checked: no mdBook, no
//! HTTP, only the files a translator edits.
//!
//! - [`catalog`]: a PO file read strictly, with the line of every entry,
//!   exactly as GNU `msgfmt` reads it (a differential test proves it), and
//!   errors that name the file and line;
//! - [`qa`]: what a translation must keep of its original (links, code,
//!   emphasis, ids, placeholders, punctuation, glossary terms) and what it
//!   may never add (see [`safety`]);
//! - [`safety`]: what Markdown makes when rendered, so that a translation
//!   can be refused for making anything its original does not;
//! - [`glossary`]: a language's required renderings of recurring terms;
//! - [`status`]: what is left to translate, per language and file;
//! - [`diff`]: what changed in an original since it was translated.
//!
//! ```
//! use po_checks::catalog::PoFile;
//! use std::path::Path;
//!
//! let text = "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: x\\n\"\n\"POT-Creation-Date: \\n\"\n\"PO-Revision-Date: \\n\"\n\"Language-Team: \\n\"\n\"MIME-Version: 1.0\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Content-Transfer-Encoding: 8bit\\n\"\n\"Language: en\\n\"\n\nmsgid \"Xin chào\"\nmsgstr \"Hello <script>\"\n";
//! let po = PoFile::parse(text, Path::new("po/en.po"))?;
//! let problems = po_checks::qa::check_catalog(&po, &po_checks::qa::Context::default());
//! assert_eq!(
//!     problems[0].to_string(),
//!     "po/en.po:12: adds markup that is not in the original: <script> (msgid \"Xin chào\")"
//! );
//! # Ok::<(), po_checks::catalog::Diagnostic>(())
//! ```

pub mod catalog;
pub mod diff;
pub mod glossary;
pub mod qa;
pub mod safety;
pub mod status;
