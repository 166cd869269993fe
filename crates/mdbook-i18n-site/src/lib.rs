//! Builds every language of an mdBook translated with gettext into one
//! site, serves it with live reload, and runs the translators' workflow.
//!
//! A book is [`Project::load`]ed once (`book.toml`, its folders, its
//! languages: the source language and one per `po/<code>.po`), then each
//! step reads it and passes its result on: the chapters are translated in
//! process (unchanged mdBook preprocessors run as they would under `mdbook
//! build`), rendered with mdBook's HTML renderer from the tool's theme with
//! the book's own files over it, put in their language by one pass over
//! each page, indexed for search, and assembled with the site's root files
//! in a staging folder that replaces the output only when everything
//! succeeded.
//!
//! ```no_run
//! use mdbook_i18n_site::{BuildOptions, Project, build_site};
//!
//! let project = Project::load("path/to/book")?;
//! let output = build_site(&project, &BuildOptions::default())?;
//! println!("{}", output.display());
//! # anyhow::Ok(())
//! ```

pub mod build;
pub mod cli;
pub mod config;
pub mod i18n;
pub mod offline;
pub mod output_tree;
pub mod page;
pub mod pdf;
pub mod process;
pub mod project;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod site_check;
pub mod sources;
pub mod translate;
pub mod words;

pub use build::{BuildOptions, Mode, build_site};
pub use project::{Language, Project};
pub use serve::{ServeOptions, serve};
