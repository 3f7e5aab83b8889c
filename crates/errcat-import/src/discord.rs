//! Discord's opcodes and status codes page (MDX): `###### Title` headings,
//! each over a Markdown table.
//!
//! Its HTTP API's errors are the 240 JSON error codes, sent as
//! `{"code", "errors", "message"}` with form errors in a field map
//! (`errors.activities.0.platform._errors[]`). The page reuses numbers
//! across six namespaces (4001 is a gateway close code, a voice close code
//! and an RPC close code): only the JSON codes are the HTTP API's errors,
//! so only they are entries; the gateway, voice and RPC tables are kept as
//! tables in the catalog's description, each under its name, and the HTTP
//! response codes are the catalog's `statuses`. Opcodes are not errors and
//! are left out, reported. No JSON code names its HTTP status: entries are
//! sent with the catalog's `default_status`, 400.

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, HouseProfile, StatusMeaning};

use crate::text::{literal_template, pipe_rows, plain_text, without_relative_links};
use crate::{Imported, Unplaced};

pub fn read(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "Discord".to_owned(),
            profile: Some("discord".to_owned()),
            source: Some("https://github.com/discord/discord-api-docs/blob/c98d64bc233833839cf0d8d369e81b77f21ade60/developers/topics/opcodes-and-status-codes.mdx".to_owned()),
            locale: Some("en".to_owned()),
            default_status: Some(400),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    catalog.profiles.insert(
        "discord".to_owned(),
        HouseProfile {
            body: r#"{"code": "{code}", "errors": {"{field.name}": {"_errors": [{"code": "{field.code}", "message": "{field.message}"}]}}, "message": "{message}"}"#.to_owned(),
            ..HouseProfile::default()
        },
    );
    let mut description = String::from(
        "The page's other code systems, which reuse the same numbers: none is an error of the HTTP API, whose JSON error codes are this catalog's entries (sent with the default status, 400, since the page names none per code).\n",
    );
    // Each `###### Title` and the lines under it, up to the next heading.
    let mut sections: Vec<(String, usize, usize)> = Vec::new();
    let mut offset = 0;
    for (index, line) in text.lines().enumerate() {
        if let Some(title) = line.strip_prefix("###### ") {
            sections.push((title.trim().to_owned(), index + 1, offset));
        } else if line.starts_with("## ") && !sections.is_empty() {
            // A section ends at the next heading of any level.
            sections.push((String::new(), index + 1, offset));
        }
        offset += line.len() + 1;
    }
    sections.push((String::new(), usize::MAX, text.len()));
    for window in sections.windows(2) {
        let (title, first_line, start) = &window[0];
        let end = window[1].2.min(text.len());
        if title.is_empty() || *start >= end {
            continue;
        }
        let Some(body) = text.get(*start..end) else {
            continue;
        };
        // Header rows kept: the other namespaces' tables are written out whole.
        let all_rows: Vec<(usize, Vec<&str>)> = pipe_rows(body, "\u{0}")
            .into_iter()
            .map(|(line, cells)| (first_line + line - 1, cells))
            .collect();
        let rows: Vec<(usize, Vec<&str>)> = all_rows
            .iter()
            .filter(|(_, cells)| cells[0] != "Code")
            .cloned()
            .collect();
        match title.as_str() {
            "JSON Error Codes" => {
                for (line, cells) in rows {
                    let [code, meaning] = cells.as_slice() else {
                        unplaced.push(Unplaced {
                            line,
                            message: format!("a row of {} cells, not 2", cells.len()),
                        });
                        continue;
                    };
                    let Ok(number) = code.parse::<i64>() else {
                        unplaced.push(Unplaced {
                            line,
                            message: format!("`{code}` is not a number"),
                        });
                        continue;
                    };
                    catalog.entries.push(Entry {
                        id: code.to_string(),
                        code: Some(Code::Int(number)),
                        message: Some(literal_template(&plain_text(meaning))),
                        ..Entry::default()
                    });
                }
            }
            "HTTP Response Codes" => {
                for (line, cells) in rows {
                    let [code, meaning] = cells.as_slice() else {
                        unplaced.push(Unplaced {
                            line,
                            message: format!("a row of {} cells, not 2", cells.len()),
                        });
                        continue;
                    };
                    // `404 (NOT FOUND)`; `5xx (SERVER ERROR)` is a class, kept as text.
                    let (number, title) = code.split_once(" (").unwrap_or((code, ""));
                    match number.parse::<u16>() {
                        Ok(status) => {
                            catalog.catalog.statuses.insert(
                                status.to_string(),
                                StatusMeaning {
                                    title: title.trim_end_matches(')').to_owned(),
                                    description: without_relative_links(meaning),
                                },
                            );
                        }
                        Err(_) => description.push_str(&format!(
                            "\nHTTP {code}: {}\n",
                            without_relative_links(meaning)
                        )),
                    }
                }
            }
            title if title.contains("Opcodes") => {
                unplaced.push(Unplaced {
                    line: *first_line,
                    message: format!("{title}: opcodes name payloads, not errors; left out"),
                });
            }
            _ if all_rows.is_empty() => {}
            title => {
                // Close codes and RPC error codes: a table of their own.
                description.push_str(&format!("\n{title}:\n\n"));
                for (index, (_, cells)) in all_rows.iter().enumerate() {
                    let cells: Vec<String> =
                        cells.iter().map(|c| without_relative_links(c)).collect();
                    description.push_str(&format!("| {} |\n", cells.join(" | ")));
                    if index == 0 {
                        description.push_str(&format!("|{}\n", "---|".repeat(cells.len())));
                    }
                }
            }
        }
    }
    catalog.catalog.description = Some(description);
    Imported { catalog, unplaced }
}

#[cfg(test)]
mod tests {
    /// A page in Discord's layout, written for this test.
    const PAGE: &str = "## Gateway\n\n###### Gateway Opcodes\n\n| Code | Name |\n|---|---|\n| 1 | Heartbeat |\n\n\
###### Gateway Close Event Codes\n\n| Code | Description | Reconnect |\n|---|---|---|\n| 4001 | Unknown [opcode](/x) | true |\n\n\
## HTTP\n\n###### HTTP Response Codes\n\n| Code | Meaning |\n|---|---|\n| 404 (NOT FOUND) | Missing. |\n| 5xx (SERVER ERROR) | Rare. |\n\n\
## JSON\n\n###### JSON Error Codes\n\n| Code | Meaning |\n|---|---|\n| 10003 | Unknown channel |\n| 30001 | Maximum number of guilds reached (100) |\n| x | y |\n\n\
## RPC\n\n###### RPC Close Event Codes\n\n| Code | Name |\n|---|---|\n| 4001 | Invalid origin |\n";

    #[test]
    fn json_codes_are_entries_and_reused_numbers_stay_in_their_namespaces() {
        let imported = super::read(PAGE);
        let catalog = &imported.catalog;
        let ids: Vec<&str> = catalog.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(
            ids,
            ["10003", "30001"],
            "4001 is no entry: it is a close code twice over"
        );
        assert_eq!(
            catalog.entries[0].code,
            Some(errcat_catalog::Code::Int(10003))
        );
        assert_eq!(
            catalog.entries[1].message.as_deref(),
            Some("Maximum number of guilds reached (100)")
        );
        let description = catalog.catalog.description.as_deref().unwrap();
        assert!(description.contains("Gateway Close Event Codes:\n\n| Code | Description | Reconnect |\n|---|---|---|\n| 4001 | Unknown opcode | true |"), "{description}");
        assert!(
            description.contains(
                "RPC Close Event Codes:\n\n| Code | Name |\n|---|---|\n| 4001 | Invalid origin |"
            ),
            "{description}"
        );
        assert!(
            description.contains("HTTP 5xx (SERVER ERROR): Rare."),
            "{description}"
        );
        assert_eq!(catalog.catalog.statuses["404"].title, "NOT FOUND");
        let problems: Vec<&str> = imported
            .unplaced
            .iter()
            .map(|u| u.message.as_str())
            .collect();
        assert_eq!(
            problems,
            [
                "Gateway Opcodes: opcodes name payloads, not errors; left out",
                "`x` is not a number"
            ]
        );
    }
}
