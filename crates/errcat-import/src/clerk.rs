//! Clerk's Backend API error index: `## Section` groups, `### <code>Name</code>`
//! entries, an optional description paragraph, `filename: Status Code: NNN`
//! and a JSON block with `shortMessage`, `longMessage`, `code` and `meta`.
//!
//! Templates are translated without losing meaning: `<name>` becomes the
//! string param `{name}`; Go verbs become positional params in the order Go
//! would consume them (`%d` an int `{0}`, `%q` a quoted string `{0:q}`, `%v` a
//! string `{0}`). `<YOUR_API_KEY>`-style upper-case markers are literal text.

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, Group, Param, ParamType};
use indexmap::IndexMap;

use crate::text::{literal_template, numbered, slug};
use crate::{Imported, Unplaced};

pub fn read(text: &str) -> Imported {
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Clerk Backend API".to_owned(),
            profile: Some("clerk".to_owned()),
            docs_url: Some("https://clerk.com/docs/errors/backend-api#{id}".to_owned()),
            source: Some("https://clerk.com/docs/errors/backend-api".to_owned()),
            locale: Some("en".to_owned()),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    let mut unplaced = Vec::new();
    let lines: Vec<(usize, &str)> = numbered(text).collect();
    let mut index = 0;
    while index < lines.len() {
        let (number, line) = lines[index];
        if let Some(title) = line.strip_prefix("## ") {
            let title = title.trim().to_owned();
            catalog.groups.push(Group {
                id: slug(&title),
                title,
                description: None,
                range: None,
            });
            index += 1;
        } else if let Some(heading) = line.strip_prefix("### ") {
            let (entry, next) = read_entry(&lines, index, strip_tags(heading), &mut unplaced);
            if let Some(mut entry) = entry {
                entry.group = catalog.groups.last().map(|g| g.id.clone());
                catalog.entries.push(entry);
            }
            index = next;
        } else {
            let trimmed = line.trim();
            if !(trimmed.is_empty()
                || trimmed == "# Backend API errors"
                || trimmed == "---"
                || is_footer(trimmed))
            {
                if number <= 4 && catalog.catalog.description.is_none() {
                    catalog.catalog.description = Some(trimmed.to_owned());
                } else {
                    unplaced.push(Unplaced {
                        line: number,
                        message: format!("text outside any entry: {trimmed:?}"),
                    });
                }
            }
            index += 1;
        }
    }
    Imported { catalog, unplaced }
}

/// The link to the docs index that closes every page of the site.
fn is_footer(line: &str) -> bool {
    line.starts_with("[Overview of all docs pages]")
}

fn strip_tags(heading: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in heading.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

/// Reads one entry starting at its `###` line; returns it and the next line index.
fn read_entry(
    lines: &[(usize, &str)],
    start: usize,
    id: String,
    unplaced: &mut Vec<Unplaced>,
) -> (Option<Entry>, usize) {
    let heading_line = lines[start].0;
    let mut index = start + 1;
    let mut description = Vec::new();
    let mut status_text = None;
    while index < lines.len() {
        let (_, line) = lines[index];
        if line.starts_with("### ") || line.starts_with("## ") {
            break;
        }
        if let Some(rest) = line.strip_prefix("filename: Status Code:") {
            status_text = Some(rest.replace("&#x20;", "").trim().to_owned());
            index += 1;
            break;
        }
        description.push(line);
        index += 1;
    }
    let mut json_lines = Vec::new();
    let mut json_line = None;
    if lines.get(index).is_some_and(|(_, l)| l.trim() == "```json") {
        json_line = Some(lines[index].0);
        index += 1;
        while index < lines.len() && lines[index].1.trim() != "```" {
            json_lines.push(lines[index].1);
            index += 1;
        }
        index += 1;
    }
    // Anything between the block and the next heading is kept as description too.
    while index < lines.len() && !lines[index].1.starts_with('#') {
        let trimmed = lines[index].1.trim();
        if !(trimmed.is_empty() || trimmed == "---" || is_footer(trimmed)) {
            unplaced.push(Unplaced {
                line: lines[index].0,
                message: format!(
                    "text after the JSON block of {id}: {:?}",
                    lines[index].1.trim()
                ),
            });
        }
        index += 1;
    }
    let Some(json_line) = json_line else {
        unplaced.push(Unplaced {
            line: heading_line,
            message: format!("entry {id} has no JSON block; not imported"),
        });
        return (None, index);
    };
    let body: serde_json::Map<String, serde_json::Value> =
        match serde_json::from_str(&json_lines.join("\n")) {
            Ok(body) => body,
            Err(error) => {
                unplaced.push(Unplaced {
                    line: json_line,
                    message: format!("JSON block of {id} does not parse ({error}); not imported"),
                });
                return (None, index);
            }
        };
    let mut entry = Entry {
        id: id.clone(),
        ..Entry::default()
    };
    let description = description.join("\n").trim().to_owned();
    if !description.is_empty() {
        entry.description = Some(description);
    }
    match status_text.as_deref() {
        Some("") | None => {}
        Some(text) => match text.parse::<u16>() {
            Ok(status) if (100..=599).contains(&status) => entry.status = Some(status),
            Ok(status) => unplaced.push(Unplaced {
                line: heading_line,
                message: format!(
                    "status {status} of {id} is not an HTTP status (100-599); left out"
                ),
            }),
            Err(_) => unplaced.push(Unplaced {
                line: heading_line,
                message: format!("status {text:?} of {id} is not a number"),
            }),
        },
    }
    let mut params = IndexMap::new();
    for (key, value) in body {
        match (key.as_str(), value) {
            ("shortMessage", serde_json::Value::String(short)) => {
                entry.title = Some(translate(&short, &mut params));
            }
            ("longMessage", serde_json::Value::String(long)) => {
                entry.message = Some(translate(&long, &mut params));
            }
            ("code", serde_json::Value::String(code)) => entry.code = Some(Code::Text(code)),
            ("meta", meta) => entry.meta = Some(meta),
            (key, value) => unplaced.push(Unplaced {
                line: json_line,
                message: format!("field {key:?} = {value} of {id} has no place in a catalog entry"),
            }),
        }
    }
    entry.params = params;
    (Some(entry), index)
}

/// Translates one Clerk message to errcat template syntax, declaring its params.
///
/// Go verbs are numbered per message, in order, as Go consumes its arguments.
fn translate(message: &str, params: &mut IndexMap<String, Param>) -> String {
    let mut out = String::new();
    let mut positional = 0;
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            // A name is letters and digits, so its `>` is looked for no
            // further than they go: looking to the next `>` anywhere made
            // `<` repeated quadratic.
            let end = 1 + rest[1..]
                .bytes()
                .take_while(u8::is_ascii_alphanumeric)
                .count();
            let name = &rest[1..end];
            if rest[end..].starts_with('>') && is_param_name(name) {
                out.push_str(&format!("{{{name}}}"));
                params
                    .entry(name.to_owned())
                    .or_insert(Param::Short(ParamType::String));
                rest = &rest[end + 1..];
                continue;
            }
        }
        if c == '%' {
            let kind = match rest.as_bytes().get(1) {
                Some(b'd') => Some((ParamType::Int, "")),
                Some(b'q') => Some((ParamType::String, ":q")),
                Some(b'v') | Some(b's') => Some((ParamType::String, "")),
                _ => None,
            };
            if let Some((kind, spec)) = kind {
                let name = positional.to_string();
                positional += 1;
                out.push_str(&format!("{{{name}{spec}}}"));
                params.entry(name).or_insert(Param::Short(kind));
                rest = &rest[2..];
                continue;
            }
        }
        out.push_str(&literal_template(&c.to_string()));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `<countryName>` names a param; `<YOUR_API_KEY>` is literal text.
fn is_param_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clerk_placeholders_and_go_verbs_become_template_params() {
        let cases = [
            (
                "The application name %q is invalid: <name>",
                "The application name {0:q} is invalid: {name}",
                "0:string name:string",
            ),
            (
                "Name must be between %d and %d characters",
                "Name must be between {0} and {1} characters",
                "0:int 1:int",
            ),
            (
                "Must be 'Bearer <YOUR_API_KEY>'",
                "Must be 'Bearer <YOUR_API_KEY>'",
                "",
            ),
            (
                "Body should contain the {{<requiredVariable>}} variable",
                "Body should contain the {{{{{requiredVariable}}}}} variable",
                "requiredVariable:string",
            ),
            (
                "<parameter> should not exceed %d items.",
                "{parameter} should not exceed {0} items.",
                "parameter:string 0:int",
            ),
            ("100% sure", "100% sure", ""),
        ];
        for (source, expected, declared) in cases {
            let mut params = IndexMap::new();
            assert_eq!(translate(source, &mut params), expected);
            let declared_now: Vec<String> = params
                .iter()
                .map(|(n, p)| format!("{n}:{}", p.kind()))
                .collect();
            assert_eq!(declared_now.join(" "), declared, "params of {source:?}");
        }
    }

    /// A message of `<` repeated: each `<` used to look for a `>` up to the
    /// end of the message.
    #[test]
    fn a_message_of_angle_brackets_is_translated_in_one_pass() {
        let hostile = "<".repeat(2_000_000) + "<name>";
        let mut params = IndexMap::new();
        assert_eq!(
            translate(&hostile, &mut params),
            "<".repeat(2_000_000) + "{name}"
        );
        assert_eq!(params.keys().collect::<Vec<_>>(), ["name"]);
    }

    #[test]
    fn translated_templates_render_back_to_the_source_shape() {
        let mut params = IndexMap::new();
        let template = translate(
            "Body should contain the {{<requiredVariable>}} variable",
            &mut params,
        );
        let parsed = errcat_catalog::Template::parse(&template).unwrap();
        assert_eq!(
            parsed.render_unfilled(),
            "Body should contain the {{{requiredVariable}}} variable"
        );
    }
}
