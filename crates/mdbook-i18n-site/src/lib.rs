//! Builds every language of an mdBook translated with gettext into one
//! site with mdBook in-process, serves it with live reload, and runs the
//! translators' gettext workflow.
//!
//! ```no_run
//! use mdbook_i18n_site::build::{build_site, BuildOptions};
//! use mdbook_i18n_site::project::Site;
//!
//! let site = Site::open("path/to/book")?;
//! let output = build_site(&site, &BuildOptions::default())?;
//! println!("{}", output.display());
//! # anyhow::Ok(())
//! ```

pub mod build;
pub mod cli;
pub mod config;
pub mod i18n;
pub mod output_tree;
pub mod page;
pub mod process;
pub mod project;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod sources;
pub mod translate;
pub mod words;
