//! errcat's catalog: the model of an error catalog, its TOML format with source
//! spans, message templates, and the lints that check it.
//!
//! This crate knows nothing of HTTP. Every tool (the CLI, the macro, the portal)
//! reads catalogs with [`read_source`] and [`parse`], and checks them with
//! `errcat_runtime::check`, which runs this crate's [`lint`] and then the
//! checks that need the runtime, so they all agree on what a valid catalog is.
//!
//! Internal crate of errcat: not semver-stable; use the `errcat` facade.

pub mod builtin;
pub mod diagnostic;
pub mod diff;
pub mod house;
pub mod lints;
pub mod load;
pub mod model;
pub mod plural;
pub mod rust_names;
pub mod template;
pub mod translation;

pub use diagnostic::{Diagnostic, LineIndex, Report, Severity, SourceFile};
pub use load::{LocaleSpans, Parsed, ReadError, Spans, TableSpans, Unreadable, parse, read_source};
pub use model::*;
pub use template::{Template, TemplateError};

/// Any text as snake_case words of `[a-z0-9]` joined by `_` (`userID` ->
/// `user_id`, `APIKeysNotEnabled` -> `api_keys_not_enabled`), as generated
/// Rust names and sample values spell an id or a param.
pub fn snake_case(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            let previous = index.checked_sub(1).map(|i| chars[i]);
            let next = chars.get(index + 1).copied();
            let boundary = c.is_ascii_uppercase()
                && previous.is_some_and(|p| {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                });
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.truncate(out.trim_end_matches('_').len());
    out
}

/// Every problem this crate finds in a parsed catalog: reading problems and
/// lint findings, in source order.
///
/// This is not the whole check: `errcat_runtime::check` adds the checks that
/// need the runtime (profiles, example bodies) and is the only way to a
/// checked catalog.
pub fn lint(parsed: &Parsed) -> Vec<Diagnostic> {
    let mut diagnostics = parsed.diagnostics.clone();
    if !diagnostics.iter().any(|d| d.lint == "toml-syntax") {
        diagnostics.extend(lints::run(parsed));
    }
    sort_by_position(&mut diagnostics);
    diagnostics
}

/// Orders diagnostics as they appear in the source; those without a place go last.
pub fn sort_by_position(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(usize::MAX, |span| span.start));
}

/// The catalog format's JSON Schema, generated from the model.
pub fn json_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Catalog)).expect("a schema is always JSON")
}
