//! Rendering one language with mdBook's HTML renderer: the theme it
//! renders from, and the table of contents rendered once per language.

pub mod theme;
pub mod toc;
