//! Ory Kratos's UI messages (`messages.json`): an array of
//! `{"id", "text", "type", "context"}` objects. The 74 of type `error` are
//! entries, sent in that same shape (`context` from the error's details);
//! the `info` and `success` messages are UI text, not errors, and are left
//! out with one note per type.
//!
//! A message's `{name}` placeholders become string params (three name no
//! key of `context`, and are params all the same). Twenty-odd messages show
//! a rendered example instead of a template (`length must be >= 5, but got
//! 3` with `context: {"min_length": 5, "actual_length": 3}`): each context
//! value written exactly once in the text, and by no other key, becomes its
//! placeholder (`length must be >= {min_length}, but got {actual_length}`);
//! a text whose values are ambiguous (`must be > 5 but found 5`) is kept as
//! written, with a note.
//!
//! The id's first digit is its class (4: the client's, 5: the server's):
//! entries are sent with 400 or 500, as the catalog's description says.

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, HouseProfile, Template};
use indexmap::IndexMap;
use serde_json::Value;

use crate::text::{declare_string_params, keep_placeholders};
use crate::{Imported, Unplaced};

pub fn read(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Ory Kratos".to_owned(),
            profile: Some("ory".to_owned()),
            source: Some("https://github.com/ory/docs/blob/378ce260155b907bc21f4dfd84a475adaa689c89/docs/kratos/concepts/messages.json".to_owned()),
            locale: Some("en".to_owned()),
            description: Some("Ory's UI error messages. The reference gives no HTTP status: an id starting with 4 (the client's errors) is sent with 400, one starting with 5 (the server's) with 500. A message's context is the error's details.".to_owned()),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    catalog.profiles.insert(
        "ory".to_owned(),
        HouseProfile {
            body:
                r#"{"id": "{code}", "text": "{message}", "type": "error", "context": "{details}"}"#
                    .to_owned(),
            ..HouseProfile::default()
        },
    );
    let json = text.find("\n[").map_or(text, |at| &text[at + 1..]);
    let messages: Vec<Value> = match serde_json::from_str(json) {
        Ok(Value::Array(messages)) => messages,
        Ok(_) => {
            unplaced.push(Unplaced {
                line: 1,
                message: "not a JSON array of messages".to_owned(),
            });
            return Imported { catalog, unplaced };
        }
        Err(error) => {
            unplaced.push(Unplaced {
                line: 1,
                message: format!("not JSON: {error}"),
            });
            return Imported { catalog, unplaced };
        }
    };
    // Each message's line, by its id, found in one pass.
    let lines: std::collections::HashMap<&str, usize> = text
        .lines()
        .enumerate()
        .filter_map(|(index, line)| {
            let id = line.trim().strip_prefix("\"id\": ")?.trim_end_matches(',');
            Some((id, index + 1))
        })
        .collect();
    let line_of = |id: &str| lines.get(id).copied().unwrap_or(1);
    // Each type that is no error: how many messages have it, and the line
    // of the first; by type, so a message finds its type without a scan.
    let mut other_types: IndexMap<String, (usize, usize)> = IndexMap::new();
    for message in &messages {
        let id = message.get("id").and_then(Value::as_i64);
        let kind = message
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let body = message.get("text").and_then(Value::as_str);
        let (Some(id), Some(body)) = (id, body) else {
            unplaced.push(Unplaced {
                line: 1,
                message: format!("a message without a numeric id and a text: {message}"),
            });
            continue;
        };
        let line = line_of(&id.to_string());
        if kind != "error" {
            other_types.entry(kind.to_owned()).or_insert((0, line)).0 += 1;
            continue;
        }
        let context = message.get("context").and_then(Value::as_object);
        let mut template = keep_placeholders(body);
        if let Some(context) = context
            && Template::parse(&template).is_ok_and(|t| t.placeholders().count() == 0)
        {
            match templated(&template, context) {
                Filled::With(filled) => template = filled,
                Filled::Nothing => {}
                Filled::Ambiguous => unplaced.push(Unplaced {
                    line,
                    message: format!("{id}: its context's values are ambiguous in {body:?}; the text is kept as written"),
                }),
                Filled::TooManyValues(count) => unplaced.push(Unplaced {
                    line,
                    message: format!("{id}: its context has {count} values, more than the {MAX_CONTEXT_VALUES} a text is searched for; the text is kept as written"),
                }),
            }
        }
        let mut entry = Entry {
            id: id.to_string(),
            code: Some(Code::Int(id)),
            status: Some(if id.to_string().starts_with('5') {
                500
            } else {
                400
            }),
            message: Some(template),
            ..Entry::default()
        };
        declare_string_params(&mut entry);
        catalog.entries.push(entry);
    }
    for (kind, (count, line)) in other_types {
        unplaced.push(Unplaced {
            line,
            message: format!("{count} `{kind}` messages are UI text, not errors; left out"),
        });
    }
    Imported { catalog, unplaced }
}

/// What a message's context makes of its text.
enum Filled {
    /// Placeholders where the values stood.
    With(String),
    /// No value stands in the text: it stays as it is.
    Nothing,
    /// A value stands more than once, or two keys share it.
    Ambiguous,
    /// The context has more values than [`MAX_CONTEXT_VALUES`]: their count.
    TooManyValues(usize),
}

/// The most context values a message's text is searched for. Ory's
/// messages have a few; the text is searched once per value, so thousands
/// of them in a hostile document would make the work quadratic.
const MAX_CONTEXT_VALUES: usize = 16;

/// `text` with each context value that it holds exactly once, and that no
/// other key shares, made the key's placeholder. Values are numbers and
/// strings (a string that is itself a placeholder, `{provider}`, is skipped).
fn templated(text: &str, context: &serde_json::Map<String, Value>) -> Filled {
    let values: Vec<(&String, String)> = context
        .iter()
        .filter_map(|(key, value)| {
            let written = match value {
                Value::Number(number) => number.to_string(),
                Value::String(text) if !text.starts_with('{') => text.clone(),
                _ => return None,
            };
            Some((key, written))
        })
        .collect();
    if values.len() > MAX_CONTEXT_VALUES {
        return Filled::TooManyValues(values.len());
    }
    let mut out = text.to_owned();
    let mut any = false;
    for (key, written) in &values {
        let shared = values.iter().filter(|(_, other)| other == written).count() > 1;
        let occurrences = count_standalone(text, written);
        match (occurrences, shared) {
            (0, _) => {}
            (1, false) => {
                out = replace_standalone(&out, written, &format!("{{{key}}}"));
                any = true;
            }
            _ => return Filled::Ambiguous,
        }
    }
    if any {
        Filled::With(out)
    } else {
        Filled::Nothing
    }
}

/// Where `needle` stands in `text` not as part of a longer number or word.
fn standalone(text: &str, needle: &str) -> Vec<usize> {
    let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '.');
    text.match_indices(needle)
        .filter(|(at, _)| {
            boundary(text[..*at].chars().next_back())
                && boundary(text[at + needle.len()..].chars().next())
        })
        .map(|(at, _)| at)
        .collect()
}

fn count_standalone(text: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 0;
    }
    standalone(text, needle).len()
}

fn replace_standalone(text: &str, needle: &str, with: &str) -> String {
    match standalone(text, needle).first() {
        Some(&at) => format!("{}{with}{}", &text[..at], &text[at + needle.len()..]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    /// Messages in Ory's layout, written for this test.
    const MESSAGES: &str = r#"SOURCE: x

[
  {"id": 1010001, "text": "Sign in", "type": "info"},
  {"id": 4000002, "text": "Property {property} is missing.", "type": "error", "context": {"property": "{property}"}},
  {"id": 4000003, "text": "length must be >= 5, but got 3", "type": "error", "context": {"actual_length": 3, "min_length": 5}},
  {"id": 4000019, "text": "must be > 5 but found 5", "type": "error", "context": {"actual": 5, "minimum": 5}},
  {"id": 4000040, "text": "Enter {secrets_list}", "type": "error"},
  {"id": 5000001, "text": "{reason}", "type": "error", "context": {"reason": "{reason}"}},
  {"id": 1060001, "text": "Done", "type": "success"},
  {"id": 1010002, "text": "Verify", "type": "info"}
]"#;

    #[test]
    fn error_messages_become_templates_where_their_context_says_so() {
        let imported = super::read(MESSAGES);
        let entries: Vec<String> = imported
            .catalog
            .entries
            .iter()
            .map(|e| {
                let params: Vec<&str> = e.params.keys().map(String::as_str).collect();
                format!("{} {:?} {:?} {params:?}", e.id, e.message, e.status)
            })
            .collect();
        assert_eq!(
            entries,
            [
                r#"4000002 Some("Property {property} is missing.") Some(400) ["property"]"#,
                r#"4000003 Some("length must be >= {min_length}, but got {actual_length}") Some(400) ["min_length", "actual_length"]"#,
                r#"4000019 Some("must be > 5 but found 5") Some(400) []"#,
                r#"4000040 Some("Enter {secrets_list}") Some(400) ["secrets_list"]"#,
                r#"5000001 Some("{reason}") Some(500) ["reason"]"#,
            ]
        );
        let notes: Vec<&str> = imported
            .unplaced
            .iter()
            .map(|u| u.message.as_str())
            .collect();
        assert_eq!(
            notes,
            [
                "4000019: its context's values are ambiguous in \"must be > 5 but found 5\"; the text is kept as written",
                "2 `info` messages are UI text, not errors; left out",
                "1 `success` messages are UI text, not errors; left out",
            ]
        );
    }

    /// A context of 100,000 values: each used to be compared with every
    /// other and looked for in the text, which took minutes.
    #[test]
    fn a_message_with_a_huge_context_is_kept_as_written_and_said_so() {
        let context: serde_json::Map<String, serde_json::Value> =
            (0..100_000).map(|n| (format!("k{n}"), n.into())).collect();
        let messages = serde_json::json!([
            {"id": 4000001, "text": "got 7", "type": "error", "context": context},
        ]);
        let imported = super::read(&messages.to_string());
        assert_eq!(
            imported.catalog.entries[0].message.as_deref(),
            Some("got 7")
        );
        assert_eq!(
            imported.unplaced,
            [crate::Unplaced {
                line: 1,
                message: "4000001: its context has 100000 values, more than the 16 a text is searched for; the text is kept as written".to_owned()
            }]
        );
    }

    /// Each message that is no error used to look for its type among the
    /// types seen before: minutes for 200,000 types.
    #[test]
    fn many_types_of_ui_text_are_each_counted_in_one_pass() {
        let types = 200_000;
        let messages: Vec<String> = (0..types)
            .map(|n| format!(r#"{{"id": {n}, "text": "t", "type": "t{n}"}}"#))
            .chain([r#"{"id": 4000001, "text": "x", "type": "t7"}"#.to_owned()])
            .collect();
        let imported = super::read(&format!("[{}]", messages.join(",")));
        assert_eq!(imported.unplaced.len(), types);
        assert_eq!(
            imported.unplaced[7].message,
            "2 `t7` messages are UI text, not errors; left out"
        );
        assert_eq!(
            imported.unplaced[types - 1].message,
            "1 `t199999` messages are UI text, not errors; left out"
        );
    }
}
