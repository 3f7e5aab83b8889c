//! Microsoft Graph's error reference (Markdown): a table of HTTP statuses,
//! a table of the 17 top-level `code` values, and one of 45 more detailed
//! codes that Graph nests in `innererror`, sent as
//! `{"error": {"code", "message", "innerError": {"request-id", "date"}}}`.
//!
//! The reference ties no status to a code: its statuses are the catalog's
//! `statuses`, and every entry is sent with the catalog's `default_status`
//! (400) until a team sets its own. Two codes are in both code tables with
//! different text (`resyncRequired`, `serviceNotAvailable`): the detailed
//! one's id gets `_detailed`, its wire code stays. Detailed codes are sent
//! at `error.code` here: the reference does not say under which top-level
//! code Graph nests each one.

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, Group, HouseProfile, StatusMeaning};

use crate::text::{literal_template, plain_text, without_relative_links};
use crate::{Imported, Unplaced};

pub fn read(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Microsoft Graph".to_owned(),
            profile: Some("graph".to_owned()),
            source: Some("https://github.com/microsoftgraph/microsoft-graph-docs-contrib/blob/02b4cba04d0426b41fe35819922b100050c5c441/concepts/errors.md".to_owned()),
            locale: Some("en".to_owned()),
            default_status: Some(400),
            description: Some("The reference lists Graph's HTTP statuses apart from its codes and ties none to a code: every entry is sent with the catalog's default status, 400, until its `status` is set. Detailed codes, which Graph nests in `innererror` under a top-level code the reference does not name, are sent as `error.code`.".to_owned()),
            ..CatalogMeta::default()
        },
        groups: vec![
            Group {
                id: "code".to_owned(),
                title: "Code property".to_owned(),
                description: Some("The top-level `code` values every app should handle.".to_owned()),
                ..Group::default()
            },
            Group {
                id: "detailed".to_owned(),
                title: "Detailed error codes".to_owned(),
                description: Some("More specific codes Graph sends in nested `innererror` objects.".to_owned()),
                ..Group::default()
            },
        ],
        ..Catalog::default()
    };
    catalog.profiles.insert(
        "graph".to_owned(),
        HouseProfile {
            body: r#"{"error": {"code": "{code}", "message": "{message}", "innerError": {"request-id": "{request_id}", "date": "{timestamp}"}}}"#.to_owned(),
            ..HouseProfile::default()
        },
    );
    // Which table a row is in: the heading above it says.
    let heading_at = |needle: &str| {
        text.find(needle)
            .map(|at| text[..at].matches('\n').count() + 1)
    };
    let codes_from = heading_at("#### Code property").unwrap_or(usize::MAX);
    let detailed_from = heading_at("#### Detailed error codes").unwrap_or(usize::MAX);
    let mut top_level = std::collections::HashSet::new();
    for (line, cells) in table_rows(text) {
        let first = cells[0];
        if line < codes_from {
            // The statuses table (the properties table above the codes has no number).
            let Ok(status) = first.parse::<u16>() else {
                continue;
            };
            let [_, title, description] = cells.as_slice() else {
                unplaced.push(Unplaced {
                    line,
                    message: format!("a status row of {} cells, not 3", cells.len()),
                });
                continue;
            };
            catalog.catalog.statuses.insert(
                status.to_string(),
                StatusMeaning {
                    title: (*title).to_owned(),
                    description: without_relative_links(
                        &description.replace("<br /><br />", "\n\n"),
                    ),
                },
            );
            continue;
        }
        // `| **accessDenied** | The caller ...`: a code in bold.
        let Some(code) = first
            .strip_prefix("**")
            .and_then(|rest| rest.strip_suffix("**"))
            .filter(|code| !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()))
        else {
            continue;
        };
        let Some(description) = cells.get(1).filter(|cell| !cell.is_empty()) else {
            unplaced.push(Unplaced {
                line,
                message: format!("`{code}` has no description"),
            });
            continue;
        };
        let detailed = line > detailed_from;
        if !detailed {
            top_level.insert(code.to_owned());
        }
        let in_both = detailed && top_level.contains(code);
        let message = plain_text(description);
        let markdown = without_relative_links(description);
        catalog.entries.push(Entry {
            id: if in_both {
                format!("{code}_detailed")
            } else {
                code.to_owned()
            },
            code: Some(Code::Text(code.to_owned())),
            group: Some(if detailed { "detailed" } else { "code" }.to_owned()),
            message: Some(literal_template(&message)),
            description: (markdown != message).then_some(markdown),
            ..Entry::default()
        });
    }
    Imported { catalog, unplaced }
}

/// Pipe-table rows, with or without a closing `|` (Graph's code tables
/// leave it off): the trimmed cells after the opening `|`, separator rows
/// left out. One pass.
fn table_rows(text: &str) -> Vec<(usize, Vec<&str>)> {
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some(inner) = line.trim().strip_prefix('|') else {
            continue;
        };
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
        if cells
            .iter()
            .all(|cell| cell.chars().all(|c| matches!(c, '-' | ':')))
        {
            continue;
        }
        rows.push((index + 1, cells));
    }
    rows
}

#[cfg(test)]
mod tests {
    /// A page in Graph's layout, written for this test.
    const PAGE: &str = "## HTTP status codes\n\n| Status code | Status message | Description |\n|:--|:--|:--|\n\
| 403 | Forbidden | Denied. <br /><br /> **Important:** see [this](/azure/x). |\n| 404 | Not Found | Missing. |\n\n\
| Property name | Value | Description |\n|:--|:--|:--|\n| **code** | string | A code |\n\n\
#### Code property\n\n| Code | Description\n|:--|:--\n| **accessDenied** | The caller may not.\n\
| **resyncRequired** | The delta token is no longer valid.\n| **broken** |\n\n\
#### Detailed error codes\n\n| Code | Description\n|:--|:--\n| **fragmentOverlap** | Uploaded fragment overlaps.\n\
| **resyncRequired** | Resync is required.\n";

    #[test]
    fn two_tiers_of_codes_statuses_apart_and_a_code_in_both() {
        let imported = super::read(PAGE);
        let catalog = &imported.catalog;
        let entries: Vec<(&str, &str, Option<&str>)> = catalog
            .entries
            .iter()
            .map(|e| {
                (
                    e.id.as_str(),
                    e.code
                        .as_ref()
                        .map(|c| match c {
                            errcat_catalog::Code::Text(text) => text.as_str(),
                            errcat_catalog::Code::Int(_) => "",
                        })
                        .unwrap_or_default(),
                    e.group.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            entries,
            [
                ("accessDenied", "accessDenied", Some("code")),
                ("resyncRequired", "resyncRequired", Some("code")),
                ("fragmentOverlap", "fragmentOverlap", Some("detailed")),
                (
                    "resyncRequired_detailed",
                    "resyncRequired",
                    Some("detailed")
                ),
            ]
        );
        assert!(catalog.entries.iter().all(|e| e.status.is_none()));
        assert_eq!(catalog.catalog.default_status, Some(400));
        let statuses: Vec<&str> = catalog
            .catalog
            .statuses
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(statuses, ["403", "404"]);
        assert_eq!(
            catalog.catalog.statuses["403"].description,
            "Denied. \n\n **Important:** see this."
        );
        assert_eq!(imported.unplaced.len(), 1);
        assert_eq!(imported.unplaced[0].message, "`broken` has no description");
    }
}
