//! Plain lists of errors, as teams keep them before they have a catalog: a
//! CSV file with a header row, or a JSON array of objects (or `{"errors": [...]}`).
//!
//! Columns are catalog keys: `id`, `code`, `status`, `title`, `message`,
//! `summary`, `description`, `suggestion`, `group`, `retry`, `internal`.
//! Only `id` is required (`code` stands in for it when absent). Placeholders
//! in titles and messages (`{name}`) become string params. What a row says
//! that a catalog cannot hold (an unknown column, a status that is not one)
//! is reported with its line, and the rest of the row is kept.

use std::collections::{HashMap, HashSet};

use errcat_catalog::{Catalog, Code, Entry, Group, Retry, RetryAfter, RetryPolicy, Template};
use indexmap::IndexMap;
use serde_json::Value;

use crate::text::{declare_string_params, literal_template, slug};
use crate::{Imported, Unplaced};

/// The columns a list may have.
pub const COLUMNS: [&str; 11] = [
    "id",
    "code",
    "status",
    "title",
    "message",
    "summary",
    "description",
    "suggestion",
    "group",
    "retry",
    "internal",
];

/// One row: its line in the source, and its cells by column.
struct Row {
    line: usize,
    cells: IndexMap<String, Value>,
    /// Whether its values are typed (JSON): a string code stays text.
    typed: bool,
}

/// Reads a CSV list.
pub fn read_csv(text: &str) -> Imported {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut unplaced = Vec::new();
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers.iter().map(|h| h.to_lowercase()).collect(),
        Err(error) => {
            unplaced.push(Unplaced {
                line: 1,
                message: format!("the header row does not read as CSV: {error}"),
            });
            return finish(Vec::new(), unplaced);
        }
    };
    // A column errcat does not read is said once, not on every row.
    for (nth, header) in headers
        .iter()
        .filter(|h| !COLUMNS.contains(&h.as_str()))
        .enumerate()
    {
        unplaced.push(Unplaced {
            line: 1,
            message: unknown_column(header, nth == 0),
        });
    }
    let mut rows = Vec::new();
    let (mut last_line, mut last_spans_lines) = (1, false);
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                last_line = line;
                last_spans_lines = record.iter().any(|cell| cell.contains('\n'));
                if record.len() > headers.len() {
                    unplaced.push(Unplaced {
                        line,
                        message: format!(
                            "a row of {} cells under a header of {}: the last {} left out ({})",
                            record.len(),
                            headers.len(),
                            record.len() - headers.len(),
                            record
                                .iter()
                                .skip(headers.len())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
                }
                let cells = headers
                    .iter()
                    .zip(record.iter())
                    .filter(|(header, cell)| !cell.is_empty() && COLUMNS.contains(&header.as_str()))
                    .map(|(header, cell)| (header.clone(), Value::String(cell.to_owned())))
                    .collect();
                rows.push(Row {
                    line,
                    cells,
                    typed: false,
                });
            }
            Err(error) => unplaced.push(Unplaced {
                line: error.position().map_or(0, |p| p.line() as usize),
                message: format!("a row does not read as CSV: {error}"),
            }),
        }
    }
    // A quote never closed swallows every row after it into one cell: the
    // last row then holds lines, and the file an odd number of quotes.
    if last_spans_lines && text.bytes().filter(|&b| b == b'"').count() % 2 == 1 {
        unplaced.push(Unplaced {
            line: last_line,
            message: "a quote opened in the row at this line is never closed: the rest of the file was read as one of its cells".to_owned(),
        });
    }
    finish(rows, unplaced)
}

/// Why a column is not read, with the nearest one errcat reads; the first
/// such warning lists the columns errcat reads, the others do not repeat it.
fn unknown_column(header: &str, listing: bool) -> String {
    let near = errcat_catalog::load::closest(header, COLUMNS.iter().copied())
        .or_else(|| {
            COLUMNS
                .iter()
                .copied()
                .find(|column| header.contains(column))
        })
        .map(|near| format!("; did you mean `{near}`?"))
        .unwrap_or_default();
    let keys = if listing {
        format!(" ({})", COLUMNS.join(", "))
    } else {
        String::new()
    };
    format!("column `{header}` is not a catalog key{keys}; its cells are left out{near}")
}

/// Reads a JSON list: an array of objects, or an object whose `errors` is one.
pub fn read_json(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            unplaced.push(Unplaced {
                line: error.line(),
                message: format!("not JSON: {error}"),
            });
            return finish(Vec::new(), unplaced);
        }
    };
    let items = match value {
        Value::Array(items) => Some(items),
        Value::Object(mut object) => match object.remove("errors") {
            Some(Value::Array(items)) => Some(items),
            _ => None,
        },
        _ => None,
    };
    let items = items.unwrap_or_else(|| {
        unplaced.push(Unplaced {
            line: 1,
            message: "expected an array of errors, or an object with an `errors` array".to_owned(),
        });
        Vec::new()
    });
    let lines = item_lines(text);
    let mut rows = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let line = lines.get(index).copied().unwrap_or(0);
        match item {
            Value::Object(object) => rows.push(Row {
                line,
                cells: object
                    .into_iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(key, value)| (key.to_lowercase(), value))
                    .collect(),
                typed: true,
            }),
            other => unplaced.push(Unplaced {
                line,
                message: format!("item {} is not an object: {other}", index + 1),
            }),
        }
    }
    finish(rows, unplaced)
}

/// The 1-based line where each item of a JSON list starts: the lines that
/// open an object at the list's depth (good enough to point at a row).
fn item_lines(text: &str) -> Vec<usize> {
    // Items sit one level into a top-level array, two into `{"errors": [...]}`.
    let item_depth = if text.trim_start().starts_with('[') {
        1
    } else {
        2
    };
    let mut lines = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut line = 1;
    for c in text.chars() {
        match c {
            '\n' => line += 1,
            _ if in_string => match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            },
            '"' => in_string = true,
            '{' | '[' => {
                if c == '{' && depth == item_depth {
                    lines.push(line);
                }
                depth += 1;
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    lines
}

/// The groups the rows name, in the order they are first named; their ids
/// in a set, so a row finds its group without going through the others.
#[derive(Default)]
struct Groups {
    list: Vec<Group>,
    ids: HashSet<String>,
}

impl Groups {
    /// The group `title` stands for (`Contacts` -> `contacts`), made on first mention.
    fn named(&mut self, title: String) -> String {
        let id = slug(&title);
        if self.ids.insert(id.clone()) {
            self.list.push(Group {
                id: id.clone(),
                title,
                ..Group::default()
            });
        }
        id
    }
}

fn finish(rows: Vec<Row>, mut unplaced: Vec<Unplaced>) -> Imported {
    let mut catalog = Catalog::default();
    // Each id's row, so a second row with it is left out where it stands.
    let mut rows_by_id: HashMap<String, usize> = HashMap::new();
    let mut unknown_keys = HashSet::new();
    let mut groups = Groups::default();
    for row in rows {
        // Left out whole, before it can add a group or a report of its own.
        if let Some(id) = id_of(&row)
            && let Some(first) = rows_by_id.get(&id)
        {
            unplaced.push(Unplaced {
                line: row.line,
                message: format!("{id} left out: the row at line {first} has the same id"),
            });
            continue;
        }
        if let Some(entry) = entry(&row, &mut groups, &mut unplaced, &mut unknown_keys) {
            rows_by_id.insert(entry.id.clone(), row.line);
            catalog.entries.push(entry);
        }
    }
    catalog.groups = groups.list;
    unplaced.sort_by_key(|problem| problem.line);
    Imported { catalog, unplaced }
}

/// A row's id: its `id`, else its `code`.
fn id_of(row: &Row) -> Option<String> {
    row.cells
        .get("id")
        .or_else(|| row.cells.get("code"))
        .map(text_of)
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The entry a row stands for; `unknown_keys`: the keys errcat does not read
/// already reported (each is said once, at its first row).
fn entry(
    row: &Row,
    groups: &mut Groups,
    unplaced: &mut Vec<Unplaced>,
    unknown_keys: &mut HashSet<String>,
) -> Option<Entry> {
    let line = row.line;
    let mut problem = |message: String| unplaced.push(Unplaced { line, message });
    let Some(id) = id_of(row) else {
        problem("a row with neither `id` nor `code` is not an entry".to_owned());
        return None;
    };
    let mut entry = Entry {
        id,
        ..Entry::default()
    };
    for (key, value) in &row.cells {
        let text = text_of(value);
        match key.as_str() {
            "id" => {}
            "code" => entry.code = Some(code(value, row.typed)),
            "status" => match text.parse::<u16>() {
                Ok(status) if (100..=599).contains(&status) => entry.status = Some(status),
                _ => problem(format!(
                    "`{}`: status {text:?} is not an HTTP status; the entry is imported without one (sent as 500 until it has one)",
                    entry.id
                )),
            },
            "title" => entry.title = Some(template(&text, &entry.id, &mut problem)),
            "message" => entry.message = Some(template(&text, &entry.id, &mut problem)),
            "summary" => entry.summary = Some(text),
            "description" => entry.description = Some(text),
            "suggestion" => entry.suggestion = Some(text),
            "group" => entry.group = Some(groups.named(text)),
            "retry" => match text.as_str() {
                "never" => entry.retry = Some(Retry::Policy(RetryPolicy::Never)),
                "safe" => entry.retry = Some(Retry::Policy(RetryPolicy::Safe)),
                seconds => match seconds.parse::<u64>() {
                    Ok(seconds) => {
                        entry.retry = Some(Retry::After {
                            after: RetryAfter::Seconds(seconds),
                        })
                    }
                    Err(_) => problem(format!(
                        "`{}`: retry {text:?} is not `never`, `safe` or seconds; left out",
                        entry.id
                    )),
                },
            },
            "internal" => match text.to_lowercase().as_str() {
                "true" | "yes" | "1" => entry.internal = true,
                "false" | "no" | "0" => {}
                _ => problem(format!(
                    "`{}`: internal {text:?} is not true or false; left out",
                    entry.id
                )),
            },
            other => {
                if unknown_keys.insert(other.to_owned()) {
                    problem(unknown_column(other, unknown_keys.len() == 1));
                }
            }
        }
    }
    // Every placeholder the texts use becomes a string param.
    declare_string_params(&mut entry);
    Some(entry)
}

/// A code as written: a number when it is one (and not zero-padded), else
/// text. A `typed` (JSON) string stays text: `"2009"` is sent as a string.
fn code(value: &Value, typed: bool) -> Code {
    match value {
        Value::Number(number) if number.is_i64() => Code::Int(number.as_i64().unwrap_or_default()),
        Value::String(text) if typed => Code::Text(text.clone()),
        other => {
            let text = text_of(other);
            match text.parse::<i64>() {
                Ok(number) if !text.starts_with('0') || text == "0" => Code::Int(number),
                _ => Code::Text(text),
            }
        }
    }
}

/// The text as a template: as written when it parses, else with its braces
/// escaped (and said so), so a stray brace never breaks the catalog.
fn template(text: &str, id: &str, problem: &mut impl FnMut(String)) -> String {
    match Template::parse(text) {
        Ok(_) => text.to_owned(),
        Err(error) => {
            problem(format!("`{id}`: {error}; its braces are kept as text"));
            literal_template(text)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JSON list that yields nothing says why, at its line: not JSON, or
    /// not the shape a list has.
    #[test]
    fn a_json_list_that_yields_nothing_says_why() {
        let why = |text: &str| {
            crate::import(crate::Format::Json, text)
                .expect_err("nothing to import")
                .to_string()
        };
        assert_eq!(
            why(r#"[{"id":"a","status":404,"message":"x"},"#),
            "no json entries found; is the document in the json format?\n  \
             line 1: not JSON: EOF while parsing a value at line 1 column 39"
        );
        for shape in [r#"{"items":[1]}"#, r#""hello""#, "42"] {
            assert_eq!(
                why(shape),
                "no json entries found; is the document in the json format?\n  \
                 line 1: expected an array of errors, or an object with an `errors` array",
                "{shape}"
            );
        }
    }

    #[test]
    fn a_csv_list_becomes_entries_with_params_and_groups() {
        let imported = read_csv(
            "id,code,status,title,message,group,retry\n\
             contact_not_found,2000,404,Contact not found,No contact {id},Contacts,never\n\
             rate_limited,RATE,429,,Slow down,,30\n\
             legacy,000012,400,,Legacy,,\n",
        );
        assert_eq!(imported.unplaced, []);
        let entries = &imported.catalog.entries;
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].code, Some(Code::Int(2000)));
        assert_eq!(entries[0].status, Some(404));
        assert_eq!(entries[0].params.keys().collect::<Vec<_>>(), ["id"]);
        assert_eq!(entries[0].group.as_deref(), Some("contacts"));
        assert_eq!(imported.catalog.groups[0].title, "Contacts");
        assert_eq!(entries[0].retry, Some(Retry::Policy(RetryPolicy::Never)));
        assert_eq!(
            entries[1].retry,
            Some(Retry::After {
                after: RetryAfter::Seconds(30)
            })
        );
        assert_eq!(
            entries[2].code,
            Some(Code::Text("000012".into())),
            "zero-padded stays text"
        );
    }

    #[test]
    fn what_a_row_cannot_hold_is_reported_with_its_line() {
        let imported = read_csv(
            "id,status,colour,message\n\
             a,404,red,Fine\n\
             b,4040,,Broken {\n\
             ,500,,No id\n",
        );
        let lines: Vec<(usize, &str)> = imported
            .unplaced
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert_eq!(lines[0].0, 1, "an unknown column at the header, once");
        assert!(lines[0].1.contains("column `colour` is not a catalog key"));
        assert_eq!(lines[1].0, 3);
        assert!(lines[1].1.contains("status \"4040\" is not an HTTP status"));
        assert!(lines[2].1.contains("braces are kept as text"));
        assert_eq!(
            (lines[3].0, lines[3].1),
            (4, "a row with neither `id` nor `code` is not an entry")
        );
        assert_eq!(imported.catalog.entries.len(), 2);
        assert_eq!(
            imported.catalog.entries[1].message.as_deref(),
            Some("Broken {{")
        );
    }

    #[test]
    fn a_spreadsheet_s_mistakes_are_each_said_once_at_their_row() {
        let imported = read_csv(
            "id,http_status,message\n\
             a,404,One\n\
             b,404,Two,EXTRA,MORE\n\
             a,409,Three\n\
             c,400,\"never closed\n\
             d,400,Four\n",
        );
        let lines: Vec<(usize, &str)> = imported
            .unplaced
            .iter()
            .map(|p| (p.line, p.message.as_str()))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    1,
                    "column `http_status` is not a catalog key (id, code, status, title, message, summary, description, suggestion, group, retry, internal); its cells are left out; did you mean `status`?"
                ),
                (
                    3,
                    "a row of 5 cells under a header of 3: the last 2 left out (EXTRA, MORE)"
                ),
                (4, "a left out: the row at line 2 has the same id"),
                (
                    5,
                    "a quote opened in the row at this line is never closed: the rest of the file was read as one of its cells"
                ),
            ]
        );
        let ids: Vec<&str> = imported
            .catalog
            .entries
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["a", "b", "c"]);
        // A repeated row is left out whole: its group is not made.
        let repeated = read_csv("id,group\na,First\na,Second\n");
        let groups: Vec<&str> = repeated
            .catalog
            .groups
            .iter()
            .map(|g| g.id.as_str())
            .collect();
        assert_eq!(groups, ["first"]);
    }

    /// Each row's group used to be looked for among every group made
    /// before it: minutes for a list of 100,000 groups.
    #[test]
    fn a_list_of_many_groups_finds_each_row_s_group_in_one_pass() {
        let rows = 100_000;
        let mut text = String::from("id,group\n");
        for row in 0..rows {
            text.push_str(&format!("e{row},Group {row}\n"));
        }
        text.push_str("again,Group 7\n");
        let imported = read_csv(&text);
        assert_eq!(imported.unplaced, []);
        assert_eq!(imported.catalog.entries.len(), rows + 1);
        assert_eq!(imported.catalog.groups.len(), rows);
        assert_eq!(imported.catalog.groups[rows - 1].id, "group_99999");
        assert_eq!(
            imported.catalog.entries[rows].group.as_deref(),
            Some("group_7"),
            "a group named again is the one made first"
        );
    }

    #[test]
    fn a_json_string_code_stays_text_and_an_unknown_key_is_said_once() {
        let imported = read_json(
            r#"[{"id": "a", "code": "2009", "colour": "red"}, {"id": "b", "code": 7, "colour": "blue"}]"#,
        );
        assert_eq!(
            imported.catalog.entries[0].code,
            Some(Code::Text("2009".into()))
        );
        assert_eq!(imported.catalog.entries[1].code, Some(Code::Int(7)));
        assert_eq!(imported.unplaced.len(), 1, "{:?}", imported.unplaced);
        assert!(imported.unplaced[0].message.contains("column `colour`"));
    }

    #[test]
    fn a_json_list_reads_like_a_csv_one() {
        let imported = read_json(
            r#"{"errors": [
  {"id": "contact_not_found", "code": 2000, "status": 404, "message": "No contact {id}"},
  {"code": "RATE", "status": "429", "internal": true},
  "oops"
]}"#,
        );
        assert_eq!(imported.catalog.entries.len(), 2);
        assert_eq!(
            imported.catalog.entries[1].id, "RATE",
            "the code stands in for a missing id"
        );
        assert!(imported.catalog.entries[1].internal);
        assert_eq!(imported.unplaced.len(), 1);
        assert!(
            imported.unplaced[0]
                .message
                .contains("item 3 is not an object")
        );
    }
}
