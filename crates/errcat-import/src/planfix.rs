//! Planfix's REST API error codes: a response-format block, then titled
//! sections of `• 1000 — Task does not exist` bullets.
//!
//! Codes stay integers and ids are the number as written. A section whose
//! codes mostly share one thousand (Tasks: 1000s) gets that range, so the
//! checker points out codes documented in an unexpected section.

use std::collections::HashMap;

use errcat_catalog::{Catalog, CatalogMeta, Code, CodeRange, Entry, EnvelopeField, Group};

use crate::text::{literal_template, numbered, slug};
use crate::{Imported, Unplaced};

/// Page chrome of the wiki the document was saved from.
const CHROME: [&str; 4] = [
    "From Planfix",
    "Jump to: navigation, search",
    "Go To",
    "REST API: Error Codes",
];

pub fn read(text: &str) -> Imported {
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Planfix REST API".to_owned(),
            profile: Some("planfix".to_owned()),
            source: Some("https://help.planfix.com/REST_API:_Error_Codes".to_owned()),
            locale: Some("en".to_owned()),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    let mut unplaced = Vec::new();
    let mut prose = Vec::new();
    let mut envelope = Vec::new();
    // The lines of the blocks closed so far: the envelope is read once, at
    // the end, not again at each block's close.
    let mut closed_envelope = 0;
    let mut in_envelope = false;
    for (number, line) in numbered(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() || CHROME.contains(&trimmed) {
            continue;
        }
        if trimmed == "{" {
            in_envelope = true;
        }
        if in_envelope {
            envelope.push(trimmed);
            if trimmed == "}" {
                in_envelope = false;
                closed_envelope = envelope.len();
            }
            continue;
        }
        if let Some(bullet) = trimmed.strip_prefix('•') {
            match bullet.trim().split_once(" — ") {
                Some((code, message)) if code.parse::<i64>().is_ok() => {
                    catalog.entries.push(Entry {
                        id: code.to_owned(),
                        code: Some(Code::Int(code.parse().unwrap_or_default())),
                        group: catalog.groups.last().map(|g: &Group| g.id.clone()),
                        message: Some(literal_template(message.trim())),
                        ..Entry::default()
                    });
                }
                _ => unplaced.push(Unplaced {
                    line: number,
                    message: format!("bullet without `code — message`: {trimmed:?}"),
                }),
            }
        } else if catalog.entries.is_empty()
            && catalog.groups.is_empty()
            && !is_section_title(trimmed)
        {
            prose.push(trimmed);
        } else if is_section_title(trimmed) {
            catalog.groups.push(Group {
                id: slug(trimmed),
                title: trimmed.to_owned(),
                description: None,
                range: None,
            });
        } else {
            unplaced.push(Unplaced {
                line: number,
                message: format!("text outside any section: {trimmed:?}"),
            });
        }
    }
    if closed_envelope > 0 {
        read_envelope(&envelope[..closed_envelope], &mut catalog.catalog);
    }
    if !prose.is_empty() {
        catalog.catalog.description = Some(prose.join("\n"));
    }
    infer_ranges(&mut catalog);
    Imported { catalog, unplaced }
}

fn is_section_title(line: &str) -> bool {
    !line.ends_with(':')
        && !line.ends_with('.')
        && line.split_whitespace().count() <= 8
        && line.chars().next().is_some_and(char::is_uppercase)
}

/// `{ Result string Code integer($int32) Error string }` as written, and its fields.
fn read_envelope(lines: &[&str], meta: &mut CatalogMeta) {
    meta.envelope = Some(lines.join("\n"));
    for line in &lines[1..lines.len().saturating_sub(1)] {
        let mut words = line.split_whitespace();
        if let (Some(name), Some(kind)) = (words.next(), words.next()) {
            meta.envelope_fields.push(EnvelopeField {
                name: name.to_lowercase(),
                kind: kind.to_owned(),
                description: String::new(),
            });
        }
    }
}

fn infer_ranges(catalog: &mut Catalog) {
    // Each group's codes, gathered in one pass over the entries (not one
    // pass per group).
    let mut codes_of: HashMap<&str, Vec<i64>> = HashMap::new();
    for entry in &catalog.entries {
        if let (Some(group), Some(code)) = (&entry.group, entry.wire_code().as_int()) {
            codes_of.entry(group).or_default().push(code);
        }
    }
    for group in &mut catalog.groups {
        let mut thousands: HashMap<i64, usize> = HashMap::new();
        let codes = codes_of
            .get(group.id.as_str())
            .map_or(&[][..], Vec::as_slice);
        for code in codes {
            *thousands.entry(code / 1000).or_default() += 1;
        }
        let Some((&thousand, &count)) = thousands.iter().max_by_key(|(t, c)| (**c, -**t)) else {
            continue;
        };
        if thousand > 0 && count * 2 > codes.len() {
            group.range = Some(CodeRange {
                start: thousand * 1000,
                end: thousand * 1000 + 999,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    /// 100,000 sections of one code each: each section used to go through
    /// every entry for its codes, which took minutes.
    #[test]
    fn many_sections_get_their_ranges_in_one_pass() {
        let sections = 100_000;
        let mut page = String::new();
        for section in 0..sections {
            page.push_str(&format!(
                "Section {section}\n  • {} — Broken\n",
                1000 + section
            ));
        }
        let imported = super::read(&page);
        assert_eq!(imported.unplaced, []);
        let groups = &imported.catalog.groups;
        assert_eq!(groups.len(), sections);
        let range = |index: usize| groups[index].range.map(|r| (r.start, r.end));
        assert_eq!(range(0), Some((1000, 1999)));
        assert_eq!(range(sections - 1), Some((100_000, 100_999)));
    }

    /// 100,000 response-format blocks: each used to read every block before
    /// it again, its fields once more each time, which took minutes and
    /// memory to match.
    #[test]
    fn many_envelope_blocks_are_read_once_each() {
        let blocks = 100_000;
        let page =
            "{\nResult string\n}\n".repeat(blocks) + "Tasks\n  • 1000 — Task does not exist\n";
        let imported = super::read(&page);
        assert_eq!(imported.unplaced, []);
        let meta = &imported.catalog.catalog;
        assert_eq!(meta.envelope_fields.len(), blocks);
        assert_eq!(
            meta.envelope.as_deref().map(str::len),
            Some(page.find("Tasks").unwrap() - 1)
        );
    }
}
