//! Plain's error code page: `#### \`code\`` headings, each followed by its
//! description; a `***` rule separates the common codes from the specific ones.
//!
//! Plain is a GraphQL API: its errors have no HTTP status, and its wire `type`
//! (`VALIDATION`, `FORBIDDEN`, `INTERNAL`) is recorded as `wire.plain.type`
//! where the code says which it is.

use errcat_catalog::{Catalog, CatalogMeta, Entry, Group};
use serde_json::json;

use crate::text::{literal_template, numbered};
use crate::{Imported, Unplaced};

const GROUPS: [(&str, &str, &str); 2] = [
    ("common", "Common errors", "Codes any mutation may return."),
    (
        "specific",
        "Specific errors",
        "Codes particular mutations return.",
    ),
];

fn wire_type(code: &str) -> Option<&'static str> {
    match code {
        "input_validation" => Some("VALIDATION"),
        "forbidden" | "insufficient_permissions" | "you_shall_not_pass" => Some("FORBIDDEN"),
        "internal" | "not_yet_implemented" => Some("INTERNAL"),
        _ => None,
    }
}

pub fn read(text: &str) -> Imported {
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Plain".to_owned(),
            profile: Some("plain".to_owned()),
            docs_url: Some(
                "https://www.plain.com/docs/api-reference/graphql/error-codes#{code}".to_owned(),
            ),
            source: Some("https://www.plain.com/docs/api-reference/graphql/error-codes".to_owned()),
            description: None,
            locale: Some("en".to_owned()),
            ..CatalogMeta::default()
        },
        groups: GROUPS
            .iter()
            .map(|(id, title, description)| Group {
                id: (*id).to_owned(),
                title: (*title).to_owned(),
                description: Some((*description).to_owned()),
                range: None,
            })
            .collect(),
        entries: Vec::new(),
        ..Catalog::default()
    };
    let mut unplaced = Vec::new();
    let mut group = 0;
    let mut current: Option<(Entry, Vec<&str>)> = None;
    let mut in_intro = true;
    let mut intro = Vec::new();
    let finish = |current: &mut Option<(Entry, Vec<&str>)>, catalog: &mut Catalog| {
        if let Some((mut entry, lines)) = current.take() {
            let description = lines.join("\n").trim().to_owned();
            entry.message = Some(literal_template(&description));
            catalog.entries.push(entry);
        }
    };
    for (number, line) in numbered(text) {
        if let Some(code) = line.strip_prefix("#### ") {
            in_intro = false;
            finish(&mut current, &mut catalog);
            let code = code.trim().trim_matches('`').to_owned();
            let mut entry = Entry {
                id: code.clone(),
                group: Some(GROUPS[group].0.to_owned()),
                ..Entry::default()
            };
            if let Some(kind) = wire_type(&code) {
                entry
                    .wire
                    .entry("plain".to_owned())
                    .or_default()
                    .insert("type".to_owned(), json!(kind));
            }
            current = Some((entry, Vec::new()));
        } else if line.trim() == "***" {
            finish(&mut current, &mut catalog);
            group = (group + 1).min(GROUPS.len() - 1);
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line);
        } else if in_intro {
            intro.push((number, line));
        }
    }
    finish(&mut current, &mut catalog);
    for (number, line) in intro {
        let line = line.trim().trim_start_matches('>').trim();
        if line.is_empty()
            || line.starts_with("## Documentation Index")
            || line.contains("llms.txt")
            || line.starts_with("Use this file to discover")
            || line == "# Error codes"
        {
            continue;
        }
        if catalog.catalog.description.is_none() {
            catalog.catalog.description = Some(line.to_owned());
        } else {
            unplaced.push(Unplaced {
                line: number,
                message: format!("text before the first code: {line:?}"),
            });
        }
    }
    Imported { catalog, unplaced }
}
