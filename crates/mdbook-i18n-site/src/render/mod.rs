//! Rendering one language with mdBook's HTML renderer: the theme it
//! renders from, the table of contents rendered once per language, and the
//! fingerprints that let a preview write only the pages that changed.

pub mod css;
pub mod fingerprint;
pub mod js;
pub mod language;
pub mod theme;
pub mod toc;
