//! Appwrite's server error list (`app/config/errors.php`), with the
//! `Exception::*` constant declarations appended so each key resolves to
//! its wire code: `Exception::USER_NOT_FOUND => ['name' => ..., 'description'
//! => '...', 'code' => 404]`, grouped by `/** Users */` comments.
//!
//! The traps: wire codes only through the constants (two of which have
//! UPPER_CASE values, kept as written); `code` is the HTTP status, but
//! three realtime entries hold WebSocket close codes (1003, 1008, 1013),
//! which are no HTTP status: those entries have none, and keep their close
//! code as `wire.appwrite.close_code`; printf's `%s` becomes a positional
//! placeholder (`{0}`, `{1}`); a description concatenated with another
//! class's constant (`' . MessageStatus::SCHEDULED . '`) keeps the
//! constant's name, reported; HTML links in descriptions become their
//! text; `'publish' => false` makes the entry internal (never shown to
//! clients).
//!
//! The file shows no body: the catalog sends `{"message", "code", "type"}`,
//! the status as `code` and the wire code as `type`, as Appwrite's SDKs read.

use std::collections::HashMap;

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, Group, HouseProfile};

use crate::text::{declare_string_params, literal_template, slug};
use crate::{Imported, Unplaced};

pub fn read(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Appwrite".to_owned(),
            profile: Some("appwrite".to_owned()),
            source: Some("https://github.com/appwrite/appwrite/blob/0cefd0615350e1914a29caeef3342fd620a60045/app/config/errors.php".to_owned()),
            locale: Some("en".to_owned()),
            description: Some("The reference shows no body: errors are sent as `{\"message\", \"code\", \"type\"}`, the HTTP status as `code` and the wire code as `type`. Realtime errors carry WebSocket close codes (`wire.appwrite.close_code`), not HTTP statuses.".to_owned()),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    catalog.profiles.insert(
        "appwrite".to_owned(),
        HouseProfile {
            body: r#"{"message": "{message}", "code": "{status}", "type": "{code}"}"#.to_owned(),
            ..HouseProfile::default()
        },
    );
    // `public const string NAME = 'value';` (the type may be left out).
    let constants: HashMap<&str, &str> = text
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("public const ")?;
            let rest = rest.strip_prefix("string ").unwrap_or(rest);
            let (name, value) = rest.split_once('=')?;
            let value = value.trim().trim_end_matches(';').trim();
            Some((name.trim(), value.strip_prefix('\'')?.strip_suffix('\'')?))
        })
        .collect();
    let mut entry: Option<(usize, Entry)> = None;
    let mut seen_groups = std::collections::HashSet::new();
    let mut current_group: Option<String> = None;
    let finish =
        |entry: Option<(usize, Entry)>, catalog: &mut Catalog, unplaced: &mut Vec<Unplaced>| {
            if let Some((line, entry)) = entry {
                if entry.message.is_none() {
                    unplaced.push(Unplaced {
                        line,
                        message: format!("{}: no description", entry.id),
                    });
                }
                catalog.entries.push(entry);
            }
        };
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        // The list ends where the returned array does; the constants follow.
        if trimmed == "];" || trimmed.starts_with("public const") {
            break;
        }
        // `/** Users */`: a group.
        if let Some(title) = trimmed
            .strip_prefix("/** ")
            .and_then(|rest| rest.strip_suffix(" */"))
        {
            let title = title.trim_end_matches(" Errors").trim();
            let id = slug(title);
            // A title seen before continues its group.
            if seen_groups.insert(id.clone()) {
                catalog.groups.push(Group {
                    id: id.clone(),
                    title: title.to_owned(),
                    ..Group::default()
                });
            }
            current_group = Some(id);
            continue;
        }
        if let Some(key) = trimmed
            .strip_prefix("Exception::")
            .and_then(|rest| rest.strip_suffix(" => ["))
        {
            finish(entry.take(), &mut catalog, &mut unplaced);
            let Some(code) = constants.get(key) else {
                unplaced.push(Unplaced {
                    line: number,
                    message: format!("Exception::{key} is not declared; left out"),
                });
                continue;
            };
            entry = Some((
                number,
                Entry {
                    id: (*code).to_owned(),
                    code: Some(Code::Text((*code).to_owned())),
                    group: current_group.clone(),
                    ..Entry::default()
                },
            ));
            continue;
        }
        let Some((_, current)) = entry.as_mut() else {
            continue;
        };
        if let Some(value) = trimmed.strip_prefix("'description' => ") {
            let value = value.trim_end_matches(',');
            let (message, foreign) = php_string(value);
            for constant in foreign {
                unplaced.push(Unplaced {
                    line: number,
                    message: format!("{}: `{constant}` is not declared in the document; its name is kept in the text", current.id),
                });
            }
            current.message = Some(positional(&without_html_links(&message)));
            declare_string_params(current);
        } else if let Some(value) = trimmed.strip_prefix("'code' => ") {
            match value.trim_end_matches(',').parse::<u16>() {
                Ok(status) if (100..600).contains(&status) => current.status = Some(status),
                Ok(close_code) => {
                    current.wire.insert(
                        "appwrite".to_owned(),
                        [("close_code".to_owned(), serde_json::Value::from(close_code))]
                            .into_iter()
                            .collect(),
                    );
                }
                Err(_) => unplaced.push(Unplaced {
                    line: number,
                    message: format!("{}: `{value}` is not a code", current.id),
                }),
            }
        } else if trimmed.starts_with("'publish' => false") {
            current.internal = true;
        }
    }
    finish(entry.take(), &mut catalog, &mut unplaced);
    Imported { catalog, unplaced }
}

/// A PHP expression of string literals (`'…'` or `"…"`) joined with ` . `, as text; a
/// constant joined in (`MessageStatus::SCHEDULED`) is kept by name and
/// returned. Literal braces are escaped for a template.
fn php_string(expression: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut foreign = Vec::new();
    let mut rest = expression.trim();
    while !rest.is_empty() {
        let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"'));
        if let Some(quote) = quote {
            let body = &rest[1..];
            let mut value = String::new();
            let mut chars = body.char_indices();
            let mut end = body.len();
            while let Some((at, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, next)) = chars.next() {
                            value.push(next);
                        }
                    }
                    c if c == quote => {
                        end = at + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            text.push_str(&literal_template(&value));
            rest = body[end.min(body.len())..].trim_start();
        } else {
            let end = rest.find(" .").unwrap_or(rest.len());
            let constant = rest[..end].trim();
            text.push_str(&literal_template(constant));
            foreign.push(constant.to_owned());
            rest = &rest[end..];
        }
        rest = rest
            .trim_start()
            .strip_prefix('.')
            .unwrap_or(rest)
            .trim_start();
    }
    (text, foreign)
}

/// printf's `%s` as positional placeholders: `{0}`, `{1}`, …
fn positional(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find("%s") {
        out.push_str(&rest[..at]);
        out.push_str(&format!("{{{count}}}"));
        count += 1;
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

/// `<a href="...">text</a>` as its text.
fn without_html_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("<a ") {
        out.push_str(&rest[..at]);
        let link = &rest[at..];
        let (Some(open_end), Some(close)) = (link.find('>'), link.find("</a>")) else {
            out.push_str(link);
            return out;
        };
        if open_end < close {
            out.push_str(&link[open_end + 1..close]);
        }
        rest = &link[close + 4..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    /// A file in Appwrite's layout, written for this test.
    const SOURCE: &str = "<?php\nreturn [\n    /** General Errors */\n    Exception::GENERAL_UNKNOWN => [\n        'name' => Exception::GENERAL_UNKNOWN,\n        'description' => 'Unknown. See <a href=\"/docs\">the docs</a>.',\n        'code' => 500,\n        'publish' => false,\n    ],\n\
    /** Databases */\n    Exception::DATABASE_NOT_FOUND => [\n        'name' => Exception::DATABASE_NOT_FOUND,\n        'description' => \"Database '%s' in %s not found {x}.\",\n        'code' => 404\n    ],\n\
    Exception::MESSAGE_MISSING_SCHEDULE => [\n        'description' => 'Cannot have status ' . MessageStatus::SCHEDULED . ' without a schedule.',\n        'code' => 400,\n    ],\n\
    /** Realtime */\n    Exception::REALTIME_POLICY_VIOLATION => [\n        'description' => 'Policy violation.',\n        'code' => 1008,\n    ],\n    Exception::UNDECLARED => [\n        'code' => 400,\n    ],\n];\n\n\
class Exception {\n    public const string GENERAL_UNKNOWN = 'general_unknown';\n    public const string DATABASE_NOT_FOUND = 'database_not_found';\n\
    public const MESSAGE_MISSING_SCHEDULE              = 'MESSAGE_MISSING_SCHEDULE';\n    public const string REALTIME_POLICY_VIOLATION = 'realtime_policy_violation';\n}\n";

    #[test]
    fn constants_resolve_codes_and_each_trap_is_handled() {
        let imported = super::read(SOURCE);
        let catalog = &imported.catalog;
        let entries: Vec<String> = catalog
            .entries
            .iter()
            .map(|e| {
                format!(
                    "{} {:?} {:?} {:?} {}",
                    e.id, e.group, e.status, e.message, e.internal
                )
            })
            .collect();
        assert_eq!(
            entries,
            [
                r#"general_unknown Some("general") Some(500) Some("Unknown. See the docs.") true"#,
                r#"database_not_found Some("databases") Some(404) Some("Database '{0}' in {1} not found {{x}}.") false"#,
                r#"MESSAGE_MISSING_SCHEDULE Some("databases") Some(400) Some("Cannot have status MessageStatus::SCHEDULED without a schedule.") false"#,
                r#"realtime_policy_violation Some("realtime") None Some("Policy violation.") false"#,
            ]
        );
        assert_eq!(
            catalog.entries[3].wire_attr("appwrite", "close_code"),
            Some(&serde_json::json!(1008))
        );
        let params: Vec<&str> = catalog.entries[1]
            .params
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(params, ["0", "1"]);
        let notes: Vec<&str> = imported
            .unplaced
            .iter()
            .map(|u| u.message.as_str())
            .collect();
        assert_eq!(
            notes,
            [
                "MESSAGE_MISSING_SCHEDULE: `MessageStatus::SCHEDULED` is not declared in the document; its name is kept in the text",
                "Exception::UNDECLARED is not declared; left out",
            ]
        );
    }
}
