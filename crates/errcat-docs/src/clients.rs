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
/// that the catalog does not override. A house profile's parser reads the
/// places its body puts the code, message, request ID and field errors.
pub fn generate(
    catalog: &Catalog,
    profile: Profile,
    language: Language,
) -> Result<String, ClientError> {
    let house = match profile {
        Profile::House(shape) => {
            let body = catalog
                .profiles
                .get(shape.name())
                .and_then(|house| serde_json::from_str(&house.body).ok())
                .unwrap_or_default();
            let locations = errcat_catalog::house::locate(&body);
            if locations.code.is_none() {
                return Err(ClientError::NoCode(shape.name().to_owned()));
            }
            Some(locations)
        }
        _ => None,
    };
    let mut env = Environment::new();
    env.add_filter("ts", |value: Value| literal(&value, Language::TypeScript));
    env.add_filter("py", |value: Value| literal(&value, Language::Python));
    let (name, source) = match language {
        Language::TypeScript => ("client.ts", include_str!("../templates/clients/client.ts")),
        Language::Python => ("client.py", include_str!("../templates/clients/client.py")),
    };
    env.add_template(name, source)
        .expect("built-in templates parse");

    let every_entry = entries_with_framework(catalog);
    let entries: Vec<EntryContext> = every_entry
        .iter()
        .map(|entry| {
            // Framework entries have no page in the catalog's docs.
            let own = catalog.entry(&entry.id).is_some();
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
    let catalog_name = catalog.catalog.name.replace(['\n', '\r'], " ");
    let catalog_name = catalog_name.replace("\"\"\"", "'''").replace("*/", "* /");
    let module = env
        .get_template(name)
        .and_then(|template| {
            template.render(context! {
                house,
                name => if catalog_name.trim().is_empty() { "this API".to_owned() } else { catalog_name },
                profile => profile.name(),
                request_id_header => profile.request_id_header().as_str(),
                entries,
                codes,
                reasons,
            })
        })
        .expect("client templates render");
    Ok(module)
}

/// The catalog's entries, then the framework errors (unknown route, malformed
/// JSON, ...) it does not override: every error a service built on it sends.
pub(crate) fn entries_with_framework(catalog: &Catalog) -> Vec<&Entry> {
    let framework = errcat_runtime::framework::catalog()
        .entries()
        .iter()
        .map(|compiled| &compiled.entry)
        .filter(|entry| catalog.entry(&entry.id).is_none());
    catalog.entries.iter().chain(framework).collect()
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
    }
}

/// A value as a literal of `language`: JSON's escapes are valid in both.
fn literal(value: &Value, language: Language) -> String {
    let json = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
    match (language, &json) {
        (Language::Python, serde_json::Value::Null) => "None".to_owned(),
        (Language::Python, serde_json::Value::Bool(true)) => "True".to_owned(),
        (Language::Python, serde_json::Value::Bool(false)) => "False".to_owned(),
        _ => json.to_string(),
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
        let module = generate(&catalog(), Profile::Problem, Language::TypeScript).unwrap();
        assert!(
            module.contains(
                "export type ErrorCode =\n  | \"contact_not_found\"\n  | 42\n  | \"route_not_found\""
            ),
            "the catalog's codes, then the framework's: {module}"
        );
        assert!(module.contains(
            "\"contact_not_found\": { id: \"contact_not_found\", code: \"contact_not_found\", status: 404, title: \"Contact \\\"not\\\" found\", retryable: false, docsUrl: null },"
        ), "{module}");
        assert!(
            module.contains("retryable: true"),
            "429 is retryable: {module}"
        );
        assert!(module.contains("const wire = code(root.code);"));
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

    #[test]
    fn python_uses_python_literals() {
        let module = generate(&catalog(), Profile::Google, Language::Python).unwrap();
        assert!(module.contains(
            "\"contact_not_found\": ErrorEntry(\"contact_not_found\", \"contact_not_found\", 404, \"Contact \\\"not\\\" found\", False, None),"
        ), "{module}");
        assert!(
            module.contains("    \"RATE_LIMITED\": 42,") || module.contains("    \"42\": 42,"),
            "{module}"
        );
        assert!(module.contains("_CODES_BY_REASON"));
    }
}
