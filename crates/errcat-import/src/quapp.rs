//! Quapp's system error codes: an overview table (`Code | Message |
//! Description`), then a detail block per code with Message, Description,
//! Root Cause and Resolution.
//!
//! Ids are the codes as written (`000012`, `000037[0]`); a variant's wire code
//! is its base code. The overview's message is the title, its description the
//! summary; the detail message is the template, with positional `{0}` params.
//! The source lost the spaces around inline code in its lists (`the\n{0}was`);
//! list items are rejoined with the spaces around placeholders restored.

use std::collections::{HashMap, HashSet};

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, Group, Param, ParamType, Template};

use crate::text::keep_placeholders;
use crate::text::numbered;
use crate::{Imported, Unplaced};

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Message,
    Description,
    Causes,
    Resolutions,
}

pub fn read(text: &str) -> Imported {
    let lines: Vec<(usize, &str)> = numbered(text).collect();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Quapp".to_owned(),
            source: Some("Quapp platform: System Error and Common Messages".to_owned()),
            locale: Some("en".to_owned()),
            ..CatalogMeta::default()
        },
        groups: Vec::new(),
        entries: Vec::new(),
        ..Catalog::default()
    };
    let mut unplaced = Vec::new();
    let title = lines.first().map_or("", |(_, l)| l.trim());
    let description = lines.get(1).map_or("", |(_, l)| l.trim());
    catalog.groups.push(Group {
        id: "system".to_owned(),
        title: title.to_owned(),
        description: Some(description.to_owned()),
        range: None,
    });
    let details_start = lines
        .iter()
        .position(|(_, l)| l.trim() == "Error Code Details")
        .unwrap_or(lines.len());
    // Each entry's overview row, so what is missing later is reported where it stands.
    let mut rows = Vec::new();
    for &(number, line) in lines.get(2..details_start).unwrap_or_default() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 3 || !is_code(cells[0]) {
            if !(matches!(
                line.trim(),
                "Overview" | "| Code | Message | Description |" | "|---|---|---|"
            ) || line.trim().is_empty())
            {
                unplaced.push(Unplaced {
                    line: number,
                    message: format!("overview line is not a table row: {line:?}"),
                });
            }
            continue;
        }
        let (id, overview_message, summary) = (cells[0], cells[1], cells[2]);
        rows.push(number);
        catalog.entries.push(Entry {
            id: id.to_owned(),
            code: Some(Code::Text(base_code(id).to_owned())),
            group: Some("system".to_owned()),
            title: Some(overview_message.to_owned()),
            summary: Some(summary.to_owned()),
            ..Entry::default()
        });
    }
    // Each id's first entry, so a detail block finds its entry without a scan.
    let mut entry_of: HashMap<String, usize> = HashMap::new();
    for (index, entry) in catalog.entries.iter().enumerate() {
        entry_of.entry(entry.id.clone()).or_insert(index);
    }
    let mut current: Option<usize> = None;
    let mut part = None;
    for &(number, line) in lines.iter().skip(details_start + 1) {
        let trimmed = line.trim();
        if is_code(trimmed) {
            current = entry_of.get(trimmed).copied();
            if current.is_none() {
                unplaced.push(Unplaced {
                    line: number,
                    message: format!(
                        "detail block for {trimmed}, which the overview does not list"
                    ),
                });
            }
            part = None;
            continue;
        }
        let heading = match trimmed {
            "Message" => Some(Part::Message),
            "Description" => Some(Part::Description),
            "Root Cause" => Some(Part::Causes),
            "Resolution" => Some(Part::Resolutions),
            _ => None,
        };
        if heading.is_some() {
            part = heading;
            continue;
        }
        let (Some(index), Some(part)) = (current, part) else {
            if !trimmed.is_empty() {
                unplaced.push(Unplaced {
                    line: number,
                    message: format!("text outside a detail block: {trimmed:?}"),
                });
            }
            continue;
        };
        let entry = &mut catalog.entries[index];
        match part {
            Part::Message => append(&mut entry.message, trimmed),
            Part::Description => append(&mut entry.description, trimmed),
            Part::Causes => push_items(&mut entry.causes, trimmed),
            Part::Resolutions => push_items(&mut entry.resolutions, trimmed),
        }
    }
    for (entry, &row) in catalog.entries.iter_mut().zip(&rows) {
        // The source's only placeholders are `{0}`-style; any other brace is text.
        for text in [&mut entry.title, &mut entry.message].into_iter().flatten() {
            *text = keep_placeholders(text);
        }
        declare_params(entry);
        if entry.message.is_none() {
            unplaced.push(Unplaced {
                line: row,
                message: format!("{} has no detail block", entry.id),
            });
        }
    }
    unplaced.sort_by_key(|problem| problem.line);
    Imported { catalog, unplaced }
}

fn is_code(text: &str) -> bool {
    let base = base_code(text);
    base.len() == 6 && base.bytes().all(|b| b.is_ascii_digit())
}

/// `000037[0]` -> `000037`.
fn base_code(id: &str) -> &str {
    id.split_once('[').map_or(id, |(base, _)| base)
}

fn append(field: &mut Option<String>, line: &str) {
    match field {
        Some(text) => {
            text.push(' ');
            text.push_str(line);
        }
        None => *field = Some(line.to_owned()),
    }
}

/// Adds list lines: `- ` starts an item, `. - ` inside a line starts another,
/// and other lines continue the last item (inline code the source broke off).
fn push_items(items: &mut Vec<String>, line: &str) {
    let (starts_item, rest) = match line.strip_prefix("- ") {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let pieces: Vec<&str> = rest.split(". - ").collect();
    for (position, &piece) in pieces.iter().enumerate() {
        let last = position + 1 == pieces.len();
        let piece = if last {
            piece.to_owned()
        } else {
            format!("{piece}.")
        };
        if (position == 0 && !starts_item) && !items.is_empty() {
            let item = items.last_mut().expect("checked non-empty");
            // The item is spaced already, and the space before the piece
            // leaves its end as it was: spacing the piece alone does what
            // spacing the whole item again would, without going over the
            // item once per line.
            item.push(' ');
            item.push_str(&space_placeholders(&piece));
        } else {
            items.push(space_placeholders(&piece));
        }
    }
}

/// `type{1}` -> `type {1}` and `{0}was` -> `{0} was`: the spaces the source lost.
fn space_placeholders(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    for (index, &c) in chars.iter().enumerate() {
        let prev = index.checked_sub(1).map(|i| chars[i]);
        let next = chars.get(index + 1).copied();
        if c == '{'
            && prev.is_some_and(char::is_alphanumeric)
            && next.is_some_and(|n| n.is_ascii_digit())
        {
            out.push(' ');
        }
        out.push(c);
        if c == '}'
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.is_some_and(char::is_alphanumeric)
        {
            out.push(' ');
        }
    }
    out
}

fn declare_params(entry: &mut Entry) {
    let mut names: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for text in [entry.title.as_deref(), entry.message.as_deref()]
        .into_iter()
        .flatten()
    {
        if let Ok(template) = Template::parse(text) {
            for placeholder in template.placeholders() {
                if seen.insert(placeholder.name.clone()) {
                    names.push(placeholder.name.clone());
                }
            }
        }
    }
    names.sort_by_key(|name| name.parse::<usize>().unwrap_or(usize::MAX));
    entry.params = names
        .into_iter()
        .map(|name| (name, Param::Short(ParamType::String)))
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_list_lines_are_rejoined_with_spaces_around_placeholders() {
        let mut items = Vec::new();
        push_items(&mut items, "- The parameter");
        push_items(
            &mut items,
            "{0}was sent with a type that does not match the expected type{1}.",
        );
        push_items(&mut items, "- Ensure the parameter");
        push_items(
            &mut items,
            "{0}is provided as type{1}. - Refer to the API reference.",
        );
        assert_eq!(
            items,
            [
                "The parameter {0} was sent with a type that does not match the expected type {1}.",
                "Ensure the parameter {0} is provided as type {1}.",
                "Refer to the API reference.",
            ]
        );
    }

    /// An overview row's message of `{` repeated, as a hostile document
    /// holds: each `{` used to be tried as a placeholder up to the `}` at
    /// the end, which took minutes.
    #[test]
    fn a_message_of_opening_braces_is_imported_as_text_in_one_pass() {
        let braces = "{".repeat(500_000);
        let text = format!(
            "System\nd\nOverview\n| Code | Message | Description |\n|---|---|---|\n000001 | {braces}}} | d\n"
        );
        let imported = crate::import(crate::Format::Quapp, &text).unwrap();
        let entry = imported.catalog.entry("000001").unwrap();
        assert_eq!(entry.title, Some("{{".repeat(500_000) + "}}"));
        assert_eq!(
            imported.unplaced,
            [Unplaced {
                line: 6,
                message: "000001 has no detail block".to_owned()
            }]
        );
    }

    /// Each detail block used to look for its entry among all the entries
    /// before it: minutes for 150,000 codes.
    #[test]
    fn many_detail_blocks_each_find_their_entry_in_one_pass() {
        let codes = 150_000;
        let mut text = String::from("System\nd\nOverview\n");
        for code in 0..codes {
            text.push_str(&format!("{code:06} | Title | Summary\n"));
        }
        text.push_str("Error Code Details\n");
        for code in 0..codes {
            text.push_str(&format!("{code:06}\nMessage\nMessage {code}\n"));
        }
        let imported = read(&text);
        assert_eq!(imported.unplaced, []);
        assert_eq!(imported.catalog.entries.len(), codes);
        assert_eq!(
            imported.catalog.entries[codes - 1].message.as_deref(),
            Some("Message 149999")
        );
    }

    /// Each placeholder used to be looked for among the names found before
    /// it: minutes for a message of 120,000 placeholders.
    #[test]
    fn a_message_of_many_placeholders_declares_each_once_in_one_pass() {
        let count = 120_000;
        let placeholders: String = (0..count).map(|n| format!("{{{n}}}")).collect();
        let text = format!(
            "System\nd\nOverview\n000001 | {placeholders} | d\nError Code Details\n000001\nMessage\n{placeholders}\n"
        );
        let imported = read(&text);
        let params = &imported.catalog.entries[0].params;
        assert_eq!(params.len(), count);
        let last = (count - 1).to_string();
        assert_eq!(params.keys().last(), Some(&last));
    }

    /// Each further line of a list item used to space the whole item again,
    /// and each `. - ` piece to count every piece of its line: minutes for
    /// an item of 100,000 lines, or a line of 100,000 pieces.
    #[test]
    fn long_list_items_are_read_in_one_pass() {
        let lines = 100_000;
        let mut items = Vec::new();
        push_items(&mut items, "- The parameter");
        for _ in 0..lines {
            push_items(&mut items, "{0}was");
        }
        assert_eq!(items.len(), 1);
        assert_eq!(
            items[0],
            "The parameter".to_owned() + &" {0} was".repeat(lines)
        );
        let mut items = Vec::new();
        push_items(
            &mut items,
            &format!("- {}Done", "Retry{1}now. - ".repeat(lines)),
        );
        assert_eq!(items.len(), lines + 1);
        assert_eq!(items[0], "Retry {1} now.");
        assert_eq!(items[lines], "Done");
    }
}
