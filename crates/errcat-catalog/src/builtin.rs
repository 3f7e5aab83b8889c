//! The five seed error systems, built into every errcat binary so that a new
//! user sees real data with no catalog of their own.
//!
//! The files live in `catalogs/` at the workspace root; `errcat import`
//! produces them from the seed documents, and a test keeps them in step.

use crate::{Checked, SourceFile, check, parse};

/// Slug and TOML text of each built-in catalog, in a stable order.
pub const SOURCES: [(&str, &str); 5] = [
    ("clerk", include_str!("../../../catalogs/clerk.toml")),
    ("plain", include_str!("../../../catalogs/plain.toml")),
    ("planfix", include_str!("../../../catalogs/planfix.toml")),
    ("plunk", include_str!("../../../catalogs/plunk.toml")),
    ("quapp", include_str!("../../../catalogs/quapp.toml")),
];

/// Parses and checks every built-in catalog.
///
/// Architecture invariant: the built-in catalogs check without errors; the
/// `builtin_catalogs_check` test holds it, so this never fails at run time.
pub fn all() -> Vec<(&'static str, Checked)> {
    SOURCES
        .iter()
        .map(|(slug, text)| {
            let source = SourceFile::new(format!("<built-in>/{slug}.toml"), *text);
            let checked = check(parse(source))
                .unwrap_or_else(|report| panic!("built-in catalog {slug} has errors:\n{report}"));
            (*slug, checked)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn builtin_catalogs_check() {
        for (slug, checked) in super::all() {
            assert!(!checked.catalog().entries.is_empty(), "{slug} has entries");
        }
    }
}
