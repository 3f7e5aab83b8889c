//! Client code from a catalog: a TypeScript or Python module with the wire
//! codes as a type, the catalog's entries, and a `parseError` that reads an
//! error response of the catalog's profile into a typed error.
//!
//! The modules need nothing beyond the language: TypeScript 4.9+ (strict),
//! Python 3.9+.

use std::collections::HashSet;

use errcat_catalog::{Catalog, Entry};
use errcat_runtime::Profile;
use minijinja::{Environment, Value, context};
use serde::Serialize;

/// A language errcat writes client code in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// A TypeScript module (`errors.ts`).
    TypeScript,
    /// A Python module (`errors.py`).
    Python,
}

#[derive(Serialize)]
struct EntryContext {
    id: String,
    code: serde_json::Value,
    status: Option<u16>,
    title: String,
    retryable: bool,
    docs_url: Option<String>,
    /// What callers are told when the entry is deprecated.
    deprecated: Option<String>,
}

#[derive(Serialize)]
struct ReasonContext {
    reason: String,
    code: serde_json::Value,
}

/// Why no client can be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// A house profile whose body does not carry the code as a whole string.
    #[error(
        "the `{0}` profile's body has no \"{{code}}\" string, so a client cannot tell its errors apart"
    )]
    NoCode(String),
}

/// The client module for `catalog`'s errors in `profile`, with the framework
/// errors every errcat service may send (unknown route, malformed JSON, ...)
/// that the catalog does not override. The module's parser follows the
/// profile's [`Reading`](errcat_runtime::profile::Reading): where its bodies
/// put the code, message, request ID and field errors.
///
/// Catalog text reaches the module only as string literals escaped for the
/// language, or inside comments through the `comment` filter, so no catalog
/// can put code into a client.
pub fn generate(
    catalog: &Catalog,
    profile: Profile,
    language: Language,
) -> Result<String, ClientError> {
    let reading = profile.reading();
    if reading.forms.is_empty() {
        return Err(ClientError::NoCode(profile.name().to_owned()));
    }
    let mut env = Environment::new();
    env.add_filter("ts", |value: Value| literal(&value, Language::TypeScript));
    env.add_filter("py", |value: Value| literal(&value, Language::Python));
    env.add_filter("comment", |value: Value| comment_text(&value));
    let (name, source) = match language {
        Language::TypeScript => ("client.ts", include_str!("../templates/clients/client.ts")),
        Language::Python => ("client.py", include_str!("../templates/clients/client.py")),
    };
    env.add_template(name, source)
        .expect("built-in templates parse");

    let every_entry = entries_with_framework(catalog);
    // A set, not a search per entry: a catalog of many entries stays linear.
    let own_ids: HashSet<&str> = catalog.entries.iter().map(|e| e.id.as_str()).collect();
    let entries: Vec<EntryContext> = every_entry
        .iter()
        .map(|entry| {
            // Framework entries have no page in the catalog's docs.
            let own = own_ids.contains(entry.id.as_str());
            entry_context(catalog, entry, profile, own)
        })
        .collect();
    let mut seen = HashSet::new();
    let codes: Vec<&serde_json::Value> = entries
        .iter()
        .map(|entry| &entry.code)
        .filter(|code| seen.insert(code.to_string()))
        .collect();
    let mut seen = HashSet::new();
    let reasons: Vec<ReasonContext> = every_entry
        .iter()
        .map(|entry| ReasonContext {
            reason: errcat_runtime::profile::google_reason(&entry.wire_code(), &entry.id),
            code: profile.wire_code(&entry.wire_code()).into(),
        })
        .filter(|reason| seen.insert(reason.reason.clone()))
        .collect();
    let catalog_name = catalog.catalog.name.trim();
    let module = env
        .get_template(name)
        .and_then(|template| {
            template.render(context! {
                name => if catalog_name.is_empty() { "this API" } else { catalog_name },
                profile => profile.name(),
                request_id_header => profile.request_id_header().as_str(),
                reading => Value::from_serialize(reading),
                uses_reasons => reading.uses_reasons(),
                any_deprecated => entries.iter().any(|entry| entry.deprecated.is_some()),
                entries,
                codes,
                reasons,
            })
        })
        .expect("client templates render");
    Ok(module)
}

/// The catalog's entries (but the retired ones), then the framework errors
/// (unknown route, malformed JSON, ...) it does not override: every error a
/// service built on it sends.
pub fn entries_with_framework(catalog: &Catalog) -> Vec<&Entry> {
    let framework = errcat_runtime::framework::catalog()
        .entries()
        .iter()
        .map(|compiled| &compiled.entry)
        .filter(|entry| catalog.entry(&entry.id).is_none());
    catalog
        .entries
        .iter()
        .filter(|entry| !entry.is_retired())
        .chain(framework)
        .collect()
}

fn entry_context(catalog: &Catalog, entry: &Entry, profile: Profile, own: bool) -> EntryContext {
    let status = catalog.status_of(entry);
    EntryContext {
        id: entry.id.clone(),
        code: profile.wire_code(&entry.wire_code()).into(),
        status,
        title: entry
            .title
            .as_deref()
            .filter(|title| !title.is_empty())
            .or(entry.message.as_deref())
            .unwrap_or_default()
            .to_owned(),
        retryable: entry.retryable_at(status),
        docs_url: catalog.docs_url_of(entry).filter(|_| own),
        deprecated: entry.deprecation().map(|deprecation| deprecation.advice()),
    }
}

/// A value as a literal of `language`: JSON, whose string escapes are valid
/// in both languages, with Python's names for `true`, `false` and `null`.
fn literal(value: &Value, language: Language) -> String {
    let json = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    let mut out = String::new();
    write_literal(&json, language, &mut out);
    out
}

fn write_literal(value: &serde_json::Value, language: Language, out: &mut String) {
    use serde_json::Value as Json;
    match (language, value) {
        (Language::Python, Json::Null) => out.push_str("None"),
        (Language::Python, Json::Bool(true)) => out.push_str("True"),
        (Language::Python, Json::Bool(false)) => out.push_str("False"),
        (_, Json::Array(items)) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                write_literal(item, language, out);
            }
            out.push(']');
        }
        (_, Json::Object(members)) => {
            out.push('{');
            for (index, (key, member)) in members.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push_str(&string_literal(key));
                out.push_str(": ");
                write_literal(member, language, out);
            }
            out.push('}');
        }
        (_, Json::String(text)) => out.push_str(&string_literal(text)),
        (_, scalar) => out.push_str(&scalar.to_string()),
    }
}

/// A JSON string literal that is also a valid TypeScript and Python one, on
/// one line: the line and paragraph separators that JSON leaves raw are
/// escaped too, since older JavaScript ends a line at them.
fn string_literal(text: &str) -> String {
    let json = serde_json::to_string(text).expect("strings serialize");
    let mut literal = String::with_capacity(json.len());
    for c in json.chars() {
        if is_invisible(c) {
            literal.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            literal.push(c);
        }
    }
    literal
}

/// A character a reader of the generated source cannot see for what it is:
/// line and paragraph separators (line ends to JavaScript), C1 controls,
/// the bidirectional controls that reorder what an editor shows ("Trojan
/// Source"), zero-width marks, the byte order mark and noncharacters. All
/// are in the Basic Multilingual Plane, so `\uXXXX` writes each in both
/// TypeScript and Python.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// Catalog text for a comment: quoted and escaped as a string literal, so a
/// line break cannot end the comment, and `*/` cannot close a block comment.
fn comment_text(value: &Value) -> String {
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned);
    let quoted = string_literal(&text).replace("*/", "*\\/");
    // Plain names read better without quotes; only quote what needs it.
    if text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | ',' | '(' | ')'))
    {
        text
    } else {
        quoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new(
            "contacts.toml",
            r#"
[catalog]
name = "Contacts"

[[errors]]
id = "contact_not_found"
status = 404
title = "Contact \"not\" found"
message = "No contact {id}"
params.id = "string"

[[errors]]
id = "rate_limited"
code = 42
status = 429
message = "Slow down"
"#,
        ));
        assert_eq!(parsed.diagnostics, []);
        parsed.catalog
    }

    #[test]
    fn typescript_lists_codes_entries_and_the_profile_parser() {
        let module = generate(&catalog(), Profile::PROBLEM, Language::TypeScript).unwrap();
        assert!(
            module.contains(
                "export type ErrorCode =\n  | \"contact_not_found\"\n  | 42\n  | \"route_not_found\""
            ),
            "the catalog's codes, then the framework's: {module}"
        );
        assert!(module.contains(
            "\"contact_not_found\": { id: \"contact_not_found\", code: \"contact_not_found\", status: 404, title: \"Contact \\\"not\\\" found\", retryable: false, docsUrl: null, deprecated: null },"
        ), "{module}");
        assert!(
            module.contains("retryable: true"),
            "429 is retryable: {module}"
        );
        assert!(
            module.contains(r#"const FORMS: readonly Form[] = [{"when": null, "code": ["code"]"#),
            "the parser reads where the profile says the code sits: {module}"
        );
        assert!(
            !module.contains("CODES_BY_REASON"),
            "only the google parser maps reasons"
        );
    }

    #[test]
    fn a_house_profile_without_a_code_gets_no_client() {
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new(
            "acme.toml",
            "[catalog]\nprofile = \"acme\"\n[profiles.acme]\nbody = '{\"text\": \"{message}\"}'\n[[errors]]\nid = \"a\"\nstatus = 400\nmessage = \"A\"\n",
        ));
        let profile = Profile::resolve("acme", &parsed.catalog).unwrap();
        assert_eq!(
            generate(&parsed.catalog, profile, Language::TypeScript)
                .unwrap_err()
                .to_string(),
            "the `acme` profile's body has no \"{code}\" string, so a client cannot tell its errors apart"
        );
    }

    /// Catalog text reaches generated code only as escaped literals: a name
    /// that closes a comment, ends a line or a docstring cannot add code.
    #[test]
    fn catalog_text_never_becomes_code_in_a_client() {
        // TOML escapes: a newline, a line separator, and a docstring's quotes.
        let hostile = r#"h*/ console.log('PWNED'); /*\n\u2028x = 1 \"\"\" import os"#;
        let text = format!(
            "[catalog]\nname = \"{hostile}\"\nprofile = \"acme\"\n[profiles.acme]\nbody = '{{\"c\": \"{{code}}\"}}'\n[[errors]]\nid = \"a\"\nstatus = 400\ntitle = \"{hostile}\"\n"
        );
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new(
            "hostile.toml",
            text.as_str(),
        ));
        assert_eq!(parsed.diagnostics, []);
        let profile = Profile::resolve("acme", &parsed.catalog).unwrap();
        for language in [Language::TypeScript, Language::Python] {
            let module = generate(&parsed.catalog, profile, language).unwrap();
            for line in module.lines() {
                let outside = outside_string_literals(line);
                assert!(
                    !outside.contains("PWNED") && !outside.contains("import os"),
                    "catalog text outside a literal in {language:?}: {line}"
                );
            }
            assert!(
                !module.contains('\u{2028}'),
                "a raw line separator in {language:?}"
            );
        }
    }

    /// A line with its double-quoted string literals taken out.
    fn outside_string_literals(line: &str) -> String {
        let mut outside = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            if c != '"' {
                outside.push(c);
                continue;
            }
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => break,
                    _ => {}
                }
            }
        }
        outside
    }

    #[test]
    fn python_uses_python_literals() {
        let module = generate(&catalog(), Profile::GOOGLE, Language::Python).unwrap();
        assert!(module.contains(
            "\"contact_not_found\": ErrorEntry(\"contact_not_found\", \"contact_not_found\", 404, \"Contact \\\"not\\\" found\", False, None, None),"
        ), "{module}");
        assert!(
            module.contains("    \"RATE_LIMITED\": 42,") || module.contains("    \"42\": 42,"),
            "{module}"
        );
        assert!(module.contains("_CODES_BY_REASON"));
    }

    /// Python reads a source encoding from a `coding:` comment on either of
    /// a file's first two lines (PEP 263): with `unicode_escape`, every `\"`
    /// the escaping wrote turns back into a quote and catalog text runs as
    /// code. No catalog text may stand on those lines.
    #[test]
    fn no_catalog_text_can_declare_the_python_module_s_encoding() {
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new(
            "acme.toml",
            "[catalog]\nname = \"Acme (coding:unicode_escape)\"\nprofile = \"coding-utf-7\"\n\
             [profiles.coding-utf-7]\nbody = '{\"code\": \"{code}\"}'\n\
             [[errors]]\nid = \"a\"\nstatus = 404\ntitle = 'x\" + str(1) + \"'\n",
        ));
        assert_eq!(parsed.diagnostics, []);
        let profile = Profile::resolve("coding-utf-7", &parsed.catalog).unwrap();
        let module = generate(&parsed.catalog, profile, Language::Python).unwrap();
        let lines: Vec<&str> = module.lines().collect();
        assert_eq!(lines[0], "# -*- coding: utf-8 -*-");
        assert!(
            !lines[1].contains("Acme") && !lines[1].contains("utf-7"),
            "{}",
            lines[1]
        );
        assert!(
            lines[3].contains("Acme (coding:unicode_escape)"),
            "{module}"
        );
    }

    #[test]
    fn invisible_characters_are_written_as_escapes() {
        assert_eq!(
            string_literal("a\u{202e}b\u{2066}c\u{feff}d\u{2028}e\u{85}f\u{ffff}é"),
            "\"a\\u202eb\\u2066c\\ufeffd\\u2028e\\u0085f\\uffffé\""
        );
    }
}
