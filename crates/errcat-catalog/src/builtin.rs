//! The five seed error systems, built into every errcat binary so that a new
//! user sees real data with no catalog of their own.
//!
//! The files live in `catalogs/` at the workspace root; `errcat import`
//! produces them from the seed documents, and a test keeps them in step.

use crate::{Parsed, SourceFile, parse};

/// Slug and TOML text of each built-in catalog, in a stable order.
pub const SOURCES: [(&str, &str); 5] = [
    ("clerk", include_str!("../../../catalogs/clerk.toml")),
    ("plain", include_str!("../../../catalogs/plain.toml")),
    ("planfix", include_str!("../../../catalogs/planfix.toml")),
    ("plunk", include_str!("../../../catalogs/plunk.toml")),
    ("quapp", include_str!("../../../catalogs/quapp.toml")),
];

/// Parses every built-in catalog; `errcat_runtime::check` checks them.
pub fn parsed() -> Vec<(&'static str, Parsed)> {
    SOURCES
        .iter()
        .map(|(slug, text)| {
            let source = SourceFile::new(format!("<built-in>/{slug}.toml"), *text);
            (*slug, parse(source))
        })
        .collect()
}
