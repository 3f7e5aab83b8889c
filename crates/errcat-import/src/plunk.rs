//! Plunk's API error page (MDX): HTTP status meanings, the error envelope and
//! its field table, code tables per section, example bodies, the success
//! envelope, and per-code advice in accordions.
//!
//! Each example body becomes an `examples` item whose `input` renders back to
//! it: the entry's message is the example's, with quoted values from `details`
//! that appear in it turned into params (`"tpl_abc123"` -> `{id:q}`). When two
//! examples of one code carry different suggestions, the later one sets
//! `input.suggestion`, so the catalog keeps one entry per code.

use std::collections::{HashMap, HashSet};

use errcat_catalog::{
    Catalog, CatalogMeta, Code, Entry, EnvelopeField, Example, ExampleInput, FieldError, Group,
    Param, ParamSpec, ParamType, StatusMeaning,
};
use serde_json::Value;

use crate::text::{literal_template, numbered, slug};
use crate::{Imported, Unplaced};

#[derive(Clone, Copy, PartialEq, Debug)]
enum Section {
    Intro,
    Statuses,
    Envelope,
    Codes,
    Examples,
    Success,
    Other,
}

pub fn read(text: &str) -> Imported {
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Plunk API".to_owned(),
            profile: Some("plunk".to_owned()),
            source: Some("https://docs.useplunk.com/api-reference/errors".to_owned()),
            locale: Some("en".to_owned()),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    let mut unplaced = Vec::new();
    let lines: Vec<(usize, &str)> = numbered(text).collect();
    let mut section = Section::Intro;
    let mut status: Option<String> = None;
    let mut example_name: Option<String> = None;
    let mut pending_example: Option<usize> = None;
    let mut skipped_sections: Vec<(usize, String)> = Vec::new();
    // Each id's entries, so an example or an accordion finds its entries
    // without going through all of them.
    let mut entries_by_id: HashMap<String, Vec<usize>> = HashMap::new();
    let mut index = 0;
    while index < lines.len() {
        let (number, line) = lines[index];
        let trimmed = line.trim();
        if let Some(title) = line.strip_prefix("## ") {
            section = match title.trim() {
                "HTTP Status Codes" => Section::Statuses,
                "Error Response Format" => Section::Envelope,
                "Error Codes Reference" => Section::Codes,
                "Common Error Examples" => Section::Examples,
                "Success Response Format" => Section::Success,
                "Overview" => Section::Intro,
                other => {
                    skipped_sections.push((number, other.to_owned()));
                    Section::Other
                }
            };
            index += 1;
            continue;
        }
        if trimmed.starts_with("<Accordion title=") {
            index = read_accordion(&lines, index, &mut catalog.entries, &entries_by_id);
            continue;
        }
        match section {
            Section::Intro => {
                if !trimmed.is_empty() && !trimmed.starts_with("# ") {
                    let description = catalog.catalog.description.get_or_insert_with(String::new);
                    if !description.is_empty() {
                        description.push('\n');
                    }
                    description.push_str(trimmed);
                }
            }
            Section::Statuses => {
                if let Some(heading) = line.strip_prefix("### ") {
                    let (code, title) = heading
                        .trim()
                        .split_once(' ')
                        .unwrap_or((heading.trim(), ""));
                    catalog.catalog.statuses.insert(
                        code.to_owned(),
                        StatusMeaning {
                            title: title.to_owned(),
                            description: String::new(),
                        },
                    );
                    status = Some(code.to_owned());
                } else if let Some(meaning) = status
                    .as_ref()
                    .and_then(|s| catalog.catalog.statuses.get_mut(s))
                    && !trimmed.is_empty()
                {
                    if !meaning.description.is_empty() {
                        meaning.description.push('\n');
                    }
                    meaning.description.push_str(trimmed);
                }
            }
            Section::Envelope | Section::Success => {
                if trimmed == "```json" {
                    let (block, next) = code_block(&lines, index);
                    if section == Section::Envelope {
                        catalog.catalog.envelope = Some(block);
                    } else {
                        catalog.catalog.success_envelope = Some(block);
                    }
                    index = next;
                    continue;
                }
                if section == Section::Envelope
                    && let Some([name, kind, description]) = table_row::<3>(trimmed)
                    && name != "Field"
                {
                    catalog.catalog.envelope_fields.push(EnvelopeField {
                        name: name.trim_matches('`').to_owned(),
                        kind: kind.to_owned(),
                        description: description.to_owned(),
                    });
                }
            }
            Section::Codes => {
                if let Some(title) = line.strip_prefix("### ") {
                    let title = title.trim().to_owned();
                    catalog.groups.push(Group {
                        id: slug(&title),
                        title,
                        description: None,
                        range: None,
                    });
                } else if let Some([code, status, description]) = table_row::<3>(trimmed) {
                    let group = catalog.groups.last().map(|g| g.id.clone());
                    if code != "Code"
                        && let Some(entry) =
                            read_code_row(code, status, description, number, group, &mut unplaced)
                    {
                        (entries_by_id.entry(entry.id.clone()).or_default())
                            .push(catalog.entries.len());
                        catalog.entries.push(entry);
                    }
                } else if !trimmed.is_empty()
                    && !is_separator_row(trimmed)
                    && !trimmed.starts_with("All errors include")
                {
                    unplaced.push(Unplaced {
                        line: number,
                        message: format!("text in the code reference: {trimmed:?}"),
                    });
                }
            }
            Section::Examples => {
                if let Some(name) = line.strip_prefix("#### ") {
                    example_name = Some(name.trim().to_owned());
                } else if trimmed == "```json" {
                    let (block, next) = code_block(&lines, index);
                    pending_example = read_example(
                        &block,
                        example_name.take(),
                        number,
                        &mut catalog.entries,
                        &entries_by_id,
                        &mut unplaced,
                    );
                    index = next;
                    continue;
                } else if let Some(solution) = trimmed.strip_prefix("**Solution**:")
                    && let Some(example) =
                        pending_example.and_then(|i| catalog.entries[i].examples.last_mut())
                {
                    example.note = Some(solution.trim().to_owned());
                }
            }
            Section::Other => {}
        }
        index += 1;
    }
    for (line, title) in skipped_sections {
        if title != "Troubleshooting Guide"
            && title != "Getting Help"
            && title != "Handling Errors in Your Code"
        {
            unplaced.push(Unplaced {
                line,
                message: format!("section {title:?} has no place in a catalog"),
            });
        }
    }
    Imported { catalog, unplaced }
}

/// `| a | b | c |` -> `[a, b, c]`; `None` for separator rows and non-rows.
fn table_row<const N: usize>(line: &str) -> Option<[&str; N]> {
    let inner = line.strip_prefix('|')?.strip_suffix('|')?;
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    if cells
        .iter()
        .all(|c| c.chars().all(|ch| ch == '-' || ch == ':'))
    {
        return None;
    }
    cells.try_into().ok()
}

fn is_separator_row(line: &str) -> bool {
    line.starts_with('|') && line.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// The text of the fenced block opening at `start`, and the index after it.
fn code_block(lines: &[(usize, &str)], start: usize) -> (String, usize) {
    let mut index = start + 1;
    let mut block = Vec::new();
    while index < lines.len() && lines[index].1.trim() != "```" {
        block.push(lines[index].1);
        index += 1;
    }
    (block.join("\n"), index + 1)
}

/// The entry of a code table's row, in `group`.
fn read_code_row(
    code: &str,
    status: &str,
    description: &str,
    line: usize,
    group: Option<String>,
    unplaced: &mut Vec<Unplaced>,
) -> Option<Entry> {
    let code = code.trim_matches('`');
    let Ok(number) = status.parse::<u16>() else {
        unplaced.push(Unplaced {
            line,
            message: format!("status {status:?} of {code} is not a number"),
        });
        return None;
    };
    // An impossible status (`4010`) is reported and left out; the entry stays.
    let status = if (100..=599).contains(&number) {
        Some(number)
    } else {
        unplaced.push(Unplaced {
            line,
            message: format!("status {number} of {code} is not an HTTP status (100-599); left out"),
        });
        None
    };
    Some(Entry {
        id: code.to_owned(),
        code: Some(Code::Text(code.to_owned())),
        group,
        status,
        summary: Some(description.to_owned()),
        message: Some(literal_template(description)),
        ..Entry::default()
    })
}

/// The most text details an example's message is searched for. Plunk's
/// examples have a few; the message is searched once per detail, so
/// thousands of them in a hostile document would make the work quadratic.
/// Details past these stay in the example's `details`, and their text in
/// the message, which still renders the body.
const MAX_DETAIL_PLACEHOLDERS: usize = 16;

/// Attaches an example body to its entry; returns the entry's index.
fn read_example(
    block: &str,
    name: Option<String>,
    line: usize,
    entries: &mut [Entry],
    entries_by_id: &HashMap<String, Vec<usize>>,
    unplaced: &mut Vec<Unplaced>,
) -> Option<usize> {
    let body: Value = match serde_json::from_str(block) {
        Ok(body) => body,
        Err(error) => {
            unplaced.push(Unplaced {
                line,
                message: format!("example body does not parse: {error}"),
            });
            return None;
        }
    };
    let error = &body["error"];
    let Some(code) = error["code"].as_str() else {
        unplaced.push(Unplaced {
            line,
            message: "example body has no error.code".to_owned(),
        });
        return None;
    };
    let Some(&index) = entries_by_id.get(code).and_then(|indexes| indexes.first()) else {
        unplaced.push(Unplaced {
            line,
            message: format!("example for {code}, which the code tables do not list"),
        });
        return None;
    };
    let entry = &mut entries[index];
    let message = error["message"].as_str().unwrap_or_default();
    let details = error.get("details").cloned();
    let mut input = ExampleInput {
        request_id: error["requestId"].as_str().map(str::to_owned),
        timestamp: body["timestamp"].as_str().map(str::to_owned),
        details: details.clone(),
        ..ExampleInput::default()
    };
    let mut template = literal_template(message);
    if let Some(Value::Object(details)) = &details {
        let texts = details
            .iter()
            .filter_map(|(key, value)| Some((key, value.as_str()?)));
        for (key, value) in texts.take(MAX_DETAIL_PLACEHOLDERS) {
            let quoted = literal_template(&format!("\"{value}\""));
            let placeholder = template.contains(&quoted);
            if placeholder {
                template = template.replace(&quoted, &format!("{{{key}:q}}"));
            }
            if placeholder {
                entry.params.insert(
                    key.clone(),
                    Param::Full(ParamSpec {
                        kind: ParamType::String,
                        description: None,
                        example: Some(Value::String(value.to_owned())),
                    }),
                );
                input
                    .args
                    .insert(key.clone(), Value::String(value.to_owned()));
            }
        }
    }
    entry.message = Some(template);
    if let Some(fields) = error["errors"].as_array() {
        input.fields = fields
            .iter()
            .map(|field| FieldError {
                field: field["field"].as_str().unwrap_or_default().to_owned(),
                message: field["message"].as_str().unwrap_or_default().to_owned(),
                code: field["code"].as_str().map(str::to_owned),
            })
            .collect();
    }
    let suggestion = error["suggestion"].as_str().map(str::to_owned);
    match (&entry.suggestion, suggestion) {
        (None, Some(suggestion)) => entry.suggestion = Some(suggestion),
        (Some(existing), Some(suggestion)) if *existing != suggestion => {
            input.suggestion = Some(suggestion)
        }
        _ => {}
    }
    entry.examples.push(Example {
        name,
        profile: Some("plunk".to_owned()),
        input,
        body: block.to_owned(),
        note: None,
    });
    Some(index)
}

/// `<Accordion title="... — CODE, CODE">` bullets become those entries' resolutions.
fn read_accordion(
    lines: &[(usize, &str)],
    start: usize,
    entries: &mut [Entry],
    entries_by_id: &HashMap<String, Vec<usize>>,
) -> usize {
    let title = lines[start].1;
    let codes: HashSet<&str> = title
        .split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
        .filter(|word| word.len() > 2)
        .collect();
    let mut index = start + 1;
    let mut bullets = Vec::new();
    while index < lines.len() && lines[index].1.trim() != "</Accordion>" {
        if let Some(bullet) = lines[index].1.trim().strip_prefix("* ") {
            bullets.push(bullet.to_owned());
        }
        index += 1;
    }
    for code in codes {
        for &entry in entries_by_id.get(code).into_iter().flatten() {
            entries[entry].resolutions.extend(bullets.iter().cloned());
        }
    }
    index + 1
}

#[cfg(test)]
mod tests {
    /// 100,000 codes, then 100,000 examples and accordions for the last
    /// one: each example used to look for its entry among all the entries,
    /// and each accordion to go through every entry, which took minutes.
    #[test]
    fn many_examples_and_accordions_each_find_their_entry_in_one_pass() {
        let times = 100_000;
        let mut page = String::from("## Error Codes Reference\n\n");
        for code in 0..times {
            page.push_str(&format!("| `CODE_{code}` | 404 | Missing |\n"));
        }
        page.push_str("| `LAST_CODE` | 409 | Taken |\n\n## Common Error Examples\n\n");
        for _ in 0..times {
            page.push_str("```json\n{\"error\": {\"code\": \"LAST_CODE\"}}\n```\n");
        }
        for _ in 0..times {
            page.push_str("<Accordion title=\"Taken — LAST_CODE\">\n* Retry.\n</Accordion>\n");
        }
        let imported = super::read(&page);
        assert_eq!(imported.unplaced, []);
        let entries = &imported.catalog.entries;
        assert_eq!(entries.len(), times + 1);
        assert_eq!(entries[times].examples.len(), times);
        assert_eq!(entries[times].resolutions.len(), times);
        assert!(entries[..times].iter().all(|e| e.examples.is_empty()));
    }

    /// An example of 100,000 details, each quoted in its message: the
    /// message used to be searched once per detail, which took minutes.
    /// The first few become params; the others stay text, which renders the
    /// same body.
    #[test]
    fn an_example_with_a_huge_details_object_is_read_in_one_pass() {
        let details: serde_json::Map<String, serde_json::Value> = (0..100_000)
            .map(|n| (format!("k{n:06}"), format!("v{n}").into()))
            .collect();
        let message: Vec<String> = (0..100_000).map(|n| format!("\"v{n}\"")).collect();
        let body = serde_json::json!({
            "error": {"code": "TAKEN", "message": message.join(" "), "details": details},
        });
        let page = format!(
            "## Error Codes Reference\n\n| `TAKEN` | 409 | Taken |\n\n## Common Error Examples\n\n```json\n{body}\n```\n"
        );
        let imported = super::read(&page);
        assert_eq!(imported.unplaced, []);
        let entry = &imported.catalog.entries[0];
        assert_eq!(entry.params.len(), super::MAX_DETAIL_PLACEHOLDERS);
        let text = entry.message.as_deref().unwrap();
        assert!(
            text.starts_with("{k000000:q} {k000001:q} "),
            "{}",
            &text[..40]
        );
        assert!(text.contains("{k000015:q} \"v16\" \"v17\""));
    }
}
