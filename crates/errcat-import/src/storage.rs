//! Object stores' error tables, each with the XML body its service sends:
//!
//! - Yandex Object Storage's response codes (Markdown in Yandex Flavored
//!   Markdown's table syntax, `` #| || 404 | `NoSuchKey` | ... || |# ``, rows
//!   that may run over several lines), in S3's
//!   `<Error><Code/><Message/><Resource/><RequestId/></Error>`;
//! - Azure Storage's common REST error codes (a Markdown pipe table, the
//!   status written as `Not Found (404)`), in Azure's `<Error><Code/><Message/></Error>`.
//!
//! The traps these documents hold are handled here:
//!
//! - `{{ objstorage-name }}` and the like are the docs' build variables, not
//!   placeholders: the known ones become the text they stand for, a link
//!   to one keeps its text, and an unknown one is reported and kept as
//!   literal text;
//! - a code written with a space (`Precondition Failed`) stays the wire code
//!   and gets an id without one;
//! - a code listed more than once (Azure's `ConditionNotMet` with 304 and
//!   412, `ServerBusy` with four messages) gives one entry per row, the same
//!   wire code, ids told apart by status (when the statuses differ) or by
//!   position;
//! - a status's reason is written either way (`BadRequest (400)`, `Bad
//!   Request (400)`): the number is what counts.
//!
//! A message is a cell's first paragraph as plain text (no Markdown); the
//! whole cell, with its line breaks, is the description.

use std::collections::HashMap;

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, HouseProfile};

use crate::text::{literal_template, pipe_rows, plain_text, without_relative_links};
use crate::{Imported, Unplaced};

/// The body Yandex documents: S3's.
const S3_BODY: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>{code}</Code>\n  <Message>{message}</Message>\n  <Resource>{instance}</Resource>\n  <RequestId>{request_id}</RequestId>\n</Error>\n";

/// Azure Storage's body: the code and the message.
const AZURE_BODY: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Error>\n  <Code>{code}</Code>\n  <Message>{message}</Message>\n</Error>\n";

/// The Yandex docs' build variables this document uses, and what they stand for.
const YANDEX_VARIABLES: [(&str, &str); 2] = [
    ("objstorage-name", "Object Storage"),
    ("yandex-cloud", "Yandex Cloud"),
];

/// One row of a table: its status, code and description (Markdown).
struct Row {
    status: u16,
    code: String,
    description: String,
}

pub fn read_yandex(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut rows = Vec::new();
    let start = text.find("#|").map_or(text.len(), |at| at + 2);
    let end = text[start..].find("|#").map_or(text.len(), |at| start + at);
    // Rows sit between `||` marks; cells are split by `|`.
    // Lines counted as the pieces pass, so the work stays linear.
    let mut next_line = text[..start].matches('\n').count() + 1;
    for piece in text[start..end].split("||") {
        let line = next_line;
        next_line += piece.matches('\n').count();
        let cells: Vec<&str> = piece.split('|').map(str::trim).collect();
        if piece.trim().is_empty() || piece.contains("**HTTP**") {
            continue;
        }
        let [status, code, description] = cells.as_slice() else {
            unplaced.push(Unplaced {
                line,
                message: format!("a row of {} cells, not 3: {}", cells.len(), piece.trim()),
            });
            continue;
        };
        let Ok(status) = status.parse::<u16>() else {
            unplaced.push(Unplaced {
                line,
                message: format!("`{status}` is not a status"),
            });
            continue;
        };
        let description = doc_variables(description, line, &mut unplaced);
        rows.push(Row {
            status,
            code: code.trim_matches('`').to_owned(),
            description,
        });
    }
    let catalog = catalog(
        CatalogMeta {
            name: "Yandex Object Storage".to_owned(),
            profile: Some("s3".to_owned()),
            source: Some("https://github.com/yandex-cloud/docs/blob/0423c802d9365d2d169bbb3ddfe1718583e5a58b/en/storage/s3/api-ref/response-codes.md".to_owned()),
            locale: Some("en".to_owned()),
            ..CatalogMeta::default()
        },
        ("s3", "application/xml", "x-amz-request-id", S3_BODY),
        rows,
    );
    Imported { catalog, unplaced }
}

pub fn read_azure(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut rows = Vec::new();
    for (number, cells) in pipe_rows(text, "Error code") {
        let [code, status, message] = cells.as_slice() else {
            unplaced.push(Unplaced {
                line: number,
                message: format!(
                    "a row of {} cells, not 3: {}",
                    cells.len(),
                    cells.join(" | ")
                ),
            });
            continue;
        };
        // `Not Found (404)`, `BadRequest (400)`: the number in parentheses.
        let number_in_parentheses = status
            .rsplit_once('(')
            .and_then(|(_, rest)| rest.strip_suffix(')'))
            .and_then(|digits| digits.parse::<u16>().ok());
        let Some(status) = number_in_parentheses else {
            unplaced.push(Unplaced {
                line: number,
                message: format!("`{status}` holds no status in parentheses"),
            });
            continue;
        };
        rows.push(Row {
            status,
            code: (*code).to_owned(),
            description: (*message).to_owned(),
        });
    }
    let catalog = catalog(
        CatalogMeta {
            name: "Azure Storage".to_owned(),
            profile: Some("azure".to_owned()),
            source: Some(
                "https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes"
                    .to_owned(),
            ),
            locale: Some("en".to_owned()),
            ..CatalogMeta::default()
        },
        ("azure", "application/xml", "x-ms-request-id", AZURE_BODY),
        rows,
    );
    Imported { catalog, unplaced }
}

/// Supabase Storage's current error codes: a table of code, description,
/// status and resolution, sent as `{"code", "message"}`. `S3Error` has no
/// status (`-`): the catalog's `default_status` (500) stands in for it.
pub fn read_supabase(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Supabase Storage".to_owned(),
            profile: Some("storage".to_owned()),
            source: Some(SUPABASE_SOURCE.to_owned()),
            locale: Some("en".to_owned()),
            default_status: Some(500),
            description: Some("An entry without a status in the reference (`S3Error`, written `-`) is sent with the catalog's default status, 500.".to_owned()),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    catalog.profiles.insert(
        "storage".to_owned(),
        HouseProfile {
            body: r#"{"code": "{code}", "message": "{message}"}"#.to_owned(),
            ..HouseProfile::default()
        },
    );
    for (line, cells) in pipe_rows(text, "ErrorCode") {
        let [code, description, status, resolution] = cells.as_slice() else {
            unplaced.push(Unplaced {
                line,
                message: format!(
                    "a row of {} cells, not 4: {}",
                    cells.len(),
                    cells.join(" | ")
                ),
            });
            continue;
        };
        let status = match *status {
            "-" => None,
            status => match status.parse::<u16>() {
                Ok(status) => Some(status),
                Err(_) => {
                    unplaced.push(Unplaced {
                        line,
                        message: format!("`{status}` is not a status"),
                    });
                    continue;
                }
            },
        };
        let code = code.trim_matches('`');
        catalog.entries.push(Entry {
            id: code.to_owned(),
            status,
            message: Some(literal_template(&plain_text(description))),
            resolutions: vec![without_relative_links(resolution)],
            ..Entry::default()
        });
    }
    Imported { catalog, unplaced }
}

/// Supabase Storage's legacy error codes: `### 404 \`not_found\`` headings,
/// a description, then `**Resolution:**` and a list; sent as
/// `{"httpStatusCode", "code", "message"}`. A code with spaces (`too many
/// requests`) keeps them on the wire; the non-standard 544 is kept.
pub fn read_supabase_legacy(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Supabase Storage (legacy)".to_owned(),
            profile: Some("legacy".to_owned()),
            source: Some(SUPABASE_SOURCE.to_owned()),
            locale: Some("en".to_owned()),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    catalog.profiles.insert(
        "legacy".to_owned(),
        HouseProfile {
            body: r#"{"httpStatusCode": "{status}", "code": "{code}", "message": "{message}"}"#
                .to_owned(),
            ..HouseProfile::default()
        },
    );
    let section = text
        .find("## Legacy error codes")
        .map_or("", |at| &text[at..]);
    let first_line = text.len() - section.len();
    let first_line = text[..first_line].matches('\n').count();
    let mut in_resolution = false;
    for (index, line) in section.lines().enumerate() {
        let number = first_line + index + 1;
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("### ") {
            in_resolution = false;
            let Some((status, code)) = heading.split_once(' ') else {
                unplaced.push(Unplaced {
                    line: number,
                    message: format!("a heading without a status and a code: {heading}"),
                });
                continue;
            };
            let (Ok(status), code) = (status.parse::<u16>(), code.trim().trim_matches('`')) else {
                unplaced.push(Unplaced {
                    line: number,
                    message: format!("`{status}` is not a status"),
                });
                continue;
            };
            catalog.entries.push(Entry {
                id: crate::text::slug(code),
                code: Some(Code::Text(code.to_owned())),
                status: Some(status),
                ..Entry::default()
            });
            continue;
        }
        let Some(entry) = catalog.entries.last_mut() else {
            continue;
        };
        if trimmed == "**Resolution:**" {
            in_resolution = true;
        } else if let Some(item) = trimmed.strip_prefix("- ").filter(|_| in_resolution) {
            entry.resolutions.push(without_relative_links(item));
        } else if !trimmed.is_empty() && !in_resolution {
            // The description, first paragraph a message.
            let text = plain_text(trimmed);
            match &mut entry.message {
                None => entry.message = Some(literal_template(&text)),
                Some(message) => {
                    message.push(' ');
                    message.push_str(&literal_template(&text));
                }
            }
        }
    }
    Imported { catalog, unplaced }
}

const SUPABASE_SOURCE: &str = "https://github.com/supabase/supabase/blob/5fc727aa99f7f121c0eedfefdaf40bfcf483d43d/apps/docs/content/guides/storage/debugging/error-codes.mdx";

/// The catalog of `rows` in the house profile `(name, content type,
/// request ID header, body)`.
fn catalog(meta: CatalogMeta, profile: (&str, &str, &str, &str), rows: Vec<Row>) -> Catalog {
    let (name, content_type, request_id_header, body) = profile;
    let mut catalog = Catalog {
        catalog: meta,
        ..Catalog::default()
    };
    catalog.profiles.insert(
        name.to_owned(),
        HouseProfile {
            content_type: Some(content_type.to_owned()),
            request_id_header: Some(request_id_header.to_owned()),
            body: body.to_owned(),
            ..HouseProfile::default()
        },
    );
    let ids = ids(&rows);
    for (row, id) in rows.into_iter().zip(ids) {
        let description = without_relative_links(&row.description.replace("<br/>", "\n"));
        let message = plain_text(description.split("\n\n").next().unwrap_or_default().trim());
        let description = description.trim().to_owned();
        catalog.entries.push(Entry {
            id,
            code: Some(Code::Text(row.code)),
            status: Some(row.status),
            message: Some(literal_template(&message)),
            description: (description != message).then_some(description),
            ..Entry::default()
        });
    }
    catalog
}

/// One id per row: the code (without spaces); a code listed more than once
/// gets its status appended when its statuses differ, else its position
/// (`ServerBusy_1`, `ServerBusy_2`).
fn ids(rows: &[Row]) -> Vec<String> {
    let base = |code: &str| -> String { code.chars().filter(|c| !c.is_whitespace()).collect() };
    let mut statuses: HashMap<String, Vec<u16>> = HashMap::new();
    for row in rows {
        statuses
            .entry(base(&row.code))
            .or_default()
            .push(row.status);
    }
    // Per code: how many rows list it, and whether their statuses all
    // differ, worked out once per code (once per row, a code listed on every
    // row made the work quadratic).
    let listings: HashMap<&str, (usize, bool)> = statuses
        .iter()
        .map(|(code, of_code)| {
            let mut distinct = of_code.clone();
            distinct.sort_unstable();
            distinct.dedup();
            (
                code.as_str(),
                (of_code.len(), distinct.len() == of_code.len()),
            )
        })
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    rows.iter()
        .map(|row| {
            let code = base(&row.code);
            let (rows_listing, statuses_differ) = listings[code.as_str()];
            if rows_listing == 1 {
                return code;
            }
            if statuses_differ {
                format!("{code}_{}", row.status)
            } else {
                let nth = seen.entry(code.clone()).or_default();
                *nth += 1;
                format!("{code}_{nth}")
            }
        })
        .collect()
}

/// A cell with the docs' build variables replaced by what they stand for
/// (a link to one keeps its text); an unknown one is reported.
fn doc_variables(cell: &str, line: usize, unplaced: &mut Vec<Unplaced>) -> String {
    let mut out = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(at) = rest.find("{{") {
        let Some(length) = rest[at..].find("}}") else {
            break;
        };
        let name = rest[at + 2..at + length].trim();
        let before = &rest[..at];
        rest = &rest[at + length + 2..];
        match YANDEX_VARIABLES.iter().find(|(known, _)| *known == name) {
            Some((_, text)) => {
                out.push_str(before);
                out.push_str(text);
            }
            // `[Request a quota increase]({{ link-console-quotas }})`: the link's text.
            None if before.ends_with("](") && rest.starts_with(')') => {
                let text_start = before.rfind('[').unwrap_or(before.len());
                out.push_str(&before[..text_start]);
                out.push_str(
                    before[text_start..]
                        .trim_start_matches('[')
                        .trim_end_matches("]("),
                );
                rest = &rest[1..];
            }
            None => {
                unplaced.push(Unplaced {
                    line,
                    message: format!("`{{{{ {name} }}}}` is a docs build variable errcat does not know; kept as text"),
                });
                out.push_str(before);
                out.push_str("{{ ");
                out.push_str(name);
                out.push_str(" }}");
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use errcat_catalog::Code;

    /// A table in Yandex's syntax, written for this test, with each trap.
    const YANDEX: &str = "# Responses\n\n#|\n|| **HTTP** | **Error code** | **Description** ||\n|| 400 | `TooManyBuckets` | The [quota](../limits.md) is reached. [Ask for more]({{ link-console-quotas }}) in {{ objstorage-name }}. ||\n|| four hundred | `X` | y ||\n|| 412 | `Precondition Failed` | A condition failed.<br/><br/>Check the `If-Match` header.\n\n\n||\n|| 500 | `InternalError` | Retry in {{ unknown-variable }}. ||\n|#\n";

    #[test]
    fn yandex_rows_with_their_traps() {
        let imported = super::read_yandex(YANDEX);
        let entries = &imported.catalog.entries;
        let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            ["TooManyBuckets", "PreconditionFailed", "InternalError"]
        );
        assert_eq!(
            entries[0].message.as_ref().unwrap().as_str(),
            "The quota is reached. Ask for more in Object Storage.",
            "doc variables replaced, links kept as their text"
        );
        assert_eq!(
            entries[1].code,
            Some(Code::Text("Precondition Failed".to_owned()))
        );
        assert_eq!(entries[1].status, Some(412));
        assert_eq!(
            entries[1].message.as_ref().unwrap().as_str(),
            "A condition failed."
        );
        assert_eq!(
            entries[1].description.as_deref(),
            Some("A condition failed.\n\nCheck the `If-Match` header.")
        );
        assert_eq!(
            entries[2].message.as_ref().unwrap().as_str(),
            "Retry in {{{{ unknown-variable }}}}.",
            "an unknown variable is literal text, never a placeholder"
        );
        let problems: Vec<(usize, &str)> = imported
            .unplaced
            .iter()
            .map(|u| (u.line, u.message.as_str()))
            .collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].1, "`four hundred` is not a status");
        assert!(problems[1].1.contains("unknown-variable"), "{problems:?}");
        assert_eq!(problems[1].0, 11, "the line of the row");
    }

    /// Supabase's two tables, written for this test.
    const SUPABASE: &str = "| `ErrorCode` | Description | `StatusCode` | Resolution |\n| --- | --- | --- | --- |\n\
| `NoSuchKey` | The key does not exist. | 404 | Check the [key](/docs/keys). |\n\
| `S3Error` | An S3 error. | - | See [S3](https://docs.aws.amazon.com/s3). |\n\
| `Odd` | x | four | y |\n\n## Legacy error codes\n\n### 429 `too many requests`\n\n\
Too many at once.\n**Resolution:**\n\n- Slow down.\n- Upgrade [here](/dashboard).\n\n### 544 `database_timeout`\n\nNo connection.\n";

    #[test]
    fn supabase_tables_with_a_missing_status_and_a_code_with_spaces() {
        let current = super::read_supabase(SUPABASE);
        let entries = &current.catalog.entries;
        assert_eq!(entries.len(), 2);
        assert_eq!(
            (entries[0].id.as_str(), entries[0].status),
            ("NoSuchKey", Some(404))
        );
        assert_eq!(
            entries[0].resolutions,
            ["Check the key."],
            "a link into the vendor's docs is its text"
        );
        assert_eq!(entries[1].status, None, "`-`: the catalog's default status");
        assert_eq!(current.catalog.catalog.default_status, Some(500));
        assert_eq!(
            entries[1].resolutions,
            ["See [S3](https://docs.aws.amazon.com/s3)."]
        );
        assert_eq!(current.unplaced.len(), 1);
        assert_eq!(current.unplaced[0].line, 5);
        let legacy = super::read_supabase_legacy(SUPABASE);
        let entries = &legacy.catalog.entries;
        let summary: Vec<(&str, Option<&Code>, Option<u16>)> = entries
            .iter()
            .map(|e| (e.id.as_str(), e.code.as_ref(), e.status))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "too_many_requests",
                    Some(&Code::Text("too many requests".to_owned())),
                    Some(429)
                ),
                (
                    "database_timeout",
                    Some(&Code::Text("database_timeout".to_owned())),
                    Some(544)
                ),
            ]
        );
        assert_eq!(entries[0].message.as_deref(), Some("Too many at once."));
        assert_eq!(entries[0].resolutions, ["Slow down.", "Upgrade here."]);
    }

    /// A table in Azure's layout, written for this test.
    const AZURE: &str = "|Error code|HTTP status code|User message|  \n|---|---|---|  \n|ConditionNotMet|Not Modified (304)|Not met for a read.|  \n|ConditionNotMet|Precondition Failed (412)|Not met for a write.|  \n|ServerBusy|Service Unavailable (503)|Busy.|\n|ServerBusy|Service Unavailable (503)|Ingress over the limit.|\n|EmptyKey|BadRequest (400)|Empty.|  \n|Other|Bad Request (400)|Other.|  \n|Broken|Bad Request|No number.|\n";

    #[test]
    fn azure_rows_with_a_code_listed_twice() {
        let imported = super::read_azure(AZURE);
        let entries = &imported.catalog.entries;
        let summary: Vec<(&str, u16)> = entries
            .iter()
            .map(|e| (e.id.as_str(), e.status.unwrap()))
            .collect();
        assert_eq!(
            summary,
            [
                ("ConditionNotMet_304", 304),
                ("ConditionNotMet_412", 412),
                ("ServerBusy_1", 503),
                ("ServerBusy_2", 503),
                ("EmptyKey", 400),
                ("Other", 400),
            ]
        );
        assert!(
            entries[..2]
                .iter()
                .all(|e| e.code == Some(Code::Text("ConditionNotMet".to_owned())))
        );
        assert_eq!(imported.unplaced.len(), 1);
        assert_eq!(imported.unplaced[0].line, 9);
    }

    const AZURE_HEADER: &str = "|Error code|HTTP status code|User message|\n|---|---|---|\n";

    /// A cell of `[a](` repeated, which holds no link: each `](` used to
    /// look for its `)` to the end of the cell, which took minutes.
    #[test]
    fn an_azure_message_of_link_openings_is_read_in_one_pass() {
        let cell = "[a](".repeat(1_000_000);
        let text = format!("{AZURE_HEADER}|X|Bad Request (400)|{cell}|\n");
        let imported = super::read_azure(&text);
        assert_eq!(imported.unplaced, []);
        let entry = &imported.catalog.entries[0];
        assert_eq!(entry.message.as_ref(), Some(&cell));
        assert_eq!(entry.description, None, "the message says it all");
    }

    /// Each row of a code listed more than once used to sort all the
    /// code's statuses again: minutes for a code on 150,000 rows.
    #[test]
    fn a_code_on_many_rows_gets_its_ids_in_one_pass() {
        let rows = 150_000;
        let mut text = AZURE_HEADER.to_owned();
        for _ in 0..rows {
            text.push_str("|ServerBusy|Service Unavailable (503)|Busy.|\n");
        }
        let imported = super::read_azure(&text);
        let ids: Vec<&str> = imported
            .catalog
            .entries
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids.len(), rows);
        assert_eq!(ids[..2], ["ServerBusy_1", "ServerBusy_2"]);
        assert_eq!(ids[rows - 1], "ServerBusy_150000");
    }
}
