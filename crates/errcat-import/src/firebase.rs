//! Firebase Authentication's errors, read from the SDK's own source
//! (`packages/auth/src/core/errors.ts`): the `AuthErrorCode` enum (108
//! members), the debug message map (string literals joined with `+`), and
//! the public `AUTH_ERROR_CODES_MAP_DO_NOT_USE_INTERNALLY`.
//!
//! The wire code is the enum's value with the `auth/` prefix the SDK's
//! `ErrorFactory('auth', ...)` adds at runtime (`auth/email-already-in-use`);
//! the id is the enum member's name. `{$originalMessage}` (ErrorFactory's
//! placeholder) becomes `{originalMessage}`. The three representations
//! drift apart: members missing from the public map, and the public map's
//! aliases (keys that are no member), are named in the catalog's
//! description. These are errors the SDK raises, not HTTP responses: there
//! is no status, and the catalog's `default_status` is 400.

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, HouseProfile};

use crate::text::{declare_string_params, keep_placeholders};
use crate::{Imported, Unplaced};

pub fn read(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Firebase Authentication".to_owned(),
            profile: Some("firebase".to_owned()),
            source: Some("https://github.com/firebase/firebase-js-sdk/blob/6f865964baf5b4bd23b077fecec1028434a7387e/packages/auth/src/core/errors.ts".to_owned()),
            locale: Some("en".to_owned()),
            default_status: Some(400),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    catalog.profiles.insert(
        "firebase".to_owned(),
        HouseProfile {
            body: r#"{"code": "{code}", "message": "{message}"}"#.to_owned(),
            ..HouseProfile::default()
        },
    );
    let line_at = |at: usize| text[..at].matches('\n').count() + 1;
    // `NAME = 'value',` inside `export const enum AuthErrorCode { ... }`.
    let members: Vec<(usize, &str, String)> = block(text, "export const enum AuthErrorCode {")
        .map(|(start, body)| {
            // The block starts on the opening's line: its lines count from there.
            let first = line_at(start);
            body.lines()
                .enumerate()
                .filter_map(|(index, line)| {
                    let (name, value) = line.trim().trim_end_matches(',').split_once(" = ")?;
                    Some((first + index, name.trim(), string_literal(value.trim())?.0))
                })
                .collect()
        })
        .unwrap_or_default();
    let messages = debug_messages(text);
    let public: Vec<(&str, String)> = block(text, "AUTH_ERROR_CODES_MAP_DO_NOT_USE_INTERNALLY = {")
        .map(|(_, body)| {
            body.lines()
                .filter_map(|line| {
                    let (name, value) = line.trim().trim_end_matches(',').split_once(": ")?;
                    Some((name.trim(), string_literal(value.trim())?.0))
                })
                .collect()
        })
        .unwrap_or_default();
    let messages: std::collections::HashMap<&str, &str> = messages
        .iter()
        .map(|(member, message)| (member.as_str(), message.as_str()))
        .collect();
    let public_keys: std::collections::HashSet<&str> = public.iter().map(|(key, _)| *key).collect();
    let member_names: std::collections::HashSet<&str> =
        members.iter().map(|(_, name, _)| *name).collect();
    for (line, name, value) in &members {
        let message = messages.get(name).map(|message| message.replace("{$", "{"));
        let message = match message {
            Some(message) if !message.is_empty() => Some(keep_placeholders(&message)),
            Some(_) => {
                unplaced.push(Unplaced {
                    line: *line,
                    message: format!("{name}: its debug message is empty; titled from its code"),
                });
                None
            }
            None => {
                unplaced.push(Unplaced {
                    line: *line,
                    message: format!("{name}: no debug message"),
                });
                None
            }
        };
        // A member without text is titled from its code: `argument-error`, "Argument error".
        let title = message.is_none().then(|| {
            let words = value.replace('-', " ");
            let mut chars = words.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        });
        let mut entry = Entry {
            id: (*name).to_owned(),
            code: Some(Code::Text(format!("auth/{value}"))),
            title,
            message,
            ..Entry::default()
        };
        declare_string_params(&mut entry);
        catalog.entries.push(entry);
    }
    let missing: Vec<&str> = (members.iter())
        .filter(|(_, name, _)| !public_keys.contains(name))
        .map(|(_, name, _)| *name)
        .collect();
    let aliases: Vec<String> = (public.iter())
        .filter(|(key, _)| !member_names.contains(key))
        .map(|(key, value)| format!("`{key}` (`{value}`)"))
        .collect();
    catalog.catalog.description = Some(format!(
        "Errors the Firebase Auth SDK raises, each with the `auth/` prefix its ErrorFactory adds; not HTTP responses, so no status is documented and the catalog's default, 400, stands in. The public code map leaves out {} and adds {} as aliases.",
        if missing.is_empty() {
            "no member".to_owned()
        } else {
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        },
        if aliases.is_empty() {
            "none".to_owned()
        } else {
            aliases.join(", ")
        },
    ));
    Imported { catalog, unplaced }
}

/// The text between `opening` and the `}` that closes it (at the start of
/// a line), with its byte offset.
fn block<'t>(text: &'t str, opening: &str) -> Option<(usize, &'t str)> {
    let start = text.find(opening)? + opening.len();
    let end = text[start..]
        .find("\n}")
        .map_or(text.len(), |at| start + at);
    Some((start, &text[start..end]))
}

/// The debug map's entries: `[AuthErrorCode.NAME]: 'a' + "b",`, literals
/// joined. One pass over the function's text.
fn debug_messages(text: &str) -> Vec<(String, String)> {
    let Some((_, body)) = block(text, "function _debugErrorMap(): ErrorMap<AuthErrorCode> {")
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("[AuthErrorCode.") {
        rest = &rest[at + "[AuthErrorCode.".len()..];
        let Some(end) = rest.find(']') else { break };
        let name = rest[..end].to_owned();
        rest = rest[end + 1..].trim_start().trim_start_matches(':');
        let mut message = String::new();
        loop {
            rest = rest.trim_start();
            let Some((literal, after)) = string_literal(rest) else {
                break;
            };
            message.push_str(&literal);
            rest = after.trim_start();
            match rest.strip_prefix('+') {
                Some(after) => rest = after,
                None => break,
            }
        }
        found.push((name, message));
    }
    found
}

/// A JavaScript string literal at the start of `text` (`'…'`, `"…"` or a
/// backquoted one without substitutions), unescaped, and the text after it.
fn string_literal(text: &str) -> Option<(String, &str)> {
    let quote = text
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let mut value = String::new();
    let mut chars = text[1..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => match chars.next()?.1 {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                other => value.push(other),
            },
            c if c == quote => return Some((value, &text[1 + at + 1..])),
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    /// A source in the SDK's layout, written for this test.
    const SOURCE: &str = "export const enum AuthErrorCode {\n  EMAIL_EXISTS = 'email-already-in-use',\n  LOGIN_BLOCKED = 'login-blocked',\n  ARGUMENT_ERROR = 'argument-error'\n}\n\n\
function _debugErrorMap(): ErrorMap<AuthErrorCode> {\n  return {\n    [AuthErrorCode.EMAIL_EXISTS]:\n      'The email address is ' +\n      \"already in use, it's taken.\",\n\
    [AuthErrorCode.LOGIN_BLOCKED]:\n      'Login blocked: {$originalMessage}',\n    [AuthErrorCode.ARGUMENT_ERROR]: ''\n  };\n}\n\n\
export const AUTH_ERROR_CODES_MAP_DO_NOT_USE_INTERNALLY = {\n  EMAIL_EXISTS: 'auth/email-already-in-use',\n  ARGUMENT_ERROR: 'auth/argument-error',\n  INVALID_LOGIN: 'auth/invalid-credential'\n} as const;\n";

    #[test]
    fn members_with_their_prefix_joined_messages_and_the_maps_drift() {
        let imported = super::read(SOURCE);
        let catalog = &imported.catalog;
        let entries: Vec<String> = catalog
            .entries
            .iter()
            .map(|e| {
                format!(
                    "{} {:?} {:?}",
                    e.id,
                    e.code.as_ref().map(ToString::to_string),
                    e.message
                )
            })
            .collect();
        assert_eq!(
            entries,
            [
                r#"EMAIL_EXISTS Some("auth/email-already-in-use") Some("The email address is already in use, it's taken.")"#,
                r#"LOGIN_BLOCKED Some("auth/login-blocked") Some("Login blocked: {originalMessage}")"#,
                "ARGUMENT_ERROR Some(\"auth/argument-error\") None",
            ]
        );
        assert!(catalog.entries[1].params.contains_key("originalMessage"));
        assert_eq!(catalog.entries[2].title.as_deref(), Some("Argument error"));
        let description = catalog.catalog.description.as_deref().unwrap();
        assert!(description.contains("leaves out `LOGIN_BLOCKED` and adds `INVALID_LOGIN` (`auth/invalid-credential`) as aliases"), "{description}");
        assert_eq!(imported.unplaced.len(), 1);
        assert_eq!(imported.unplaced[0].line, 4);
    }
}
