//! The site builder for the Bình Dương articles: builds the Vietnamese book
//! and its translations with mdBook in-process, serves them with live
//! reload, and runs the translators' gettext workflow.
//!
//! ```no_run
//! use xtask::build::{build_site, BuildOptions};
//! use xtask::site::Site;
//!
//! let site = Site::of_workspace()?;
//! let output = build_site(&site, &BuildOptions::default())?;
//! println!("{}", output.display());
//! # anyhow::Ok(())
//! ```

pub mod build;
pub mod catalog;
pub mod config;
pub mod fallback;
pub mod glossary;
pub mod i18n;
pub mod localize;
pub mod output_tree;
pub mod process;
pub mod prune;
pub mod publish;
pub mod qa;
pub mod search;
pub mod serve;
pub mod site;
pub mod test_suite;
pub mod toc;
pub mod ui;
