//! PostgREST's error reference (reStructuredText): its own `PGRSTgxx` codes
//! in grid tables under `Group g - Name` headings, sent as PostgreSQL's error
//! structure `{"code", "details", "hint", "message"}`.
//!
//! The page holds a second code system, PostgreSQL's SQLSTATE classes with
//! wildcards (`08*`, `other`) and a conditional status ("if authenticated
//! 403, else 401"). Those are PostgreSQL's errors, which PostgREST forwards,
//! not entries of its own: the mapping is kept as a table in the catalog's
//! description, nothing dropped. Sphinx markup (roles such as `:ref:` and
//! `:doc:`, double-backquoted literals, `` `text <url>`_ `` hyperlinks)
//! becomes text in messages and Markdown in descriptions.

use errcat_catalog::{Catalog, CatalogMeta, Code, Entry, Group, HouseProfile};

use crate::text::{literal_template, slug};
use crate::{Imported, Unplaced};

/// A grid table: its rows, each a list of cells (their lines joined), with
/// the line each row starts at.
struct Grid {
    /// How many cells a row has: one fewer than the top border has `+`.
    width: usize,
    /// Each row's cells up to its last one with text; [`cell`] reads the
    /// empty ones after it. Holding all `width` of them made a border of
    /// many `+` over many short rows quadratic, in time and in memory.
    rows: Vec<(usize, Vec<String>)>,
}

/// A row's cell `index`, empty past the last one with text.
fn cell(cells: &[String], index: usize) -> &str {
    cells.get(index).map_or("", String::as_str)
}

/// Reads the grid table whose top border is at `lines[start]`; returns it
/// and the index after it. Columns are where the border has `+`.
fn grid(lines: &[&str], start: usize) -> (Grid, usize) {
    let border: Vec<char> = lines[start].trim_end().chars().collect();
    let columns: Vec<usize> = (border.iter().enumerate())
        .filter(|(_, c)| **c == '+')
        .map(|(at, _)| at)
        .collect();
    let width = columns.len().saturating_sub(1);
    let mut rows = Vec::new();
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); width];
    // One past the last cell with text in the row being read: a line only
    // reaches the cells it is long enough for, so the work per line is at
    // most its length, however wide the border.
    let mut used = 0;
    let mut row_start = start + 1;
    let mut index = start + 1;
    while index < lines.len() {
        let line = lines[index].trim_end();
        if line.starts_with('+') {
            if used > 0 {
                let joined = cells[..used].iter().map(|cell| cell.join("\n")).collect();
                rows.push((row_start + 1, joined));
            }
            cells[..used].iter_mut().for_each(Vec::clear);
            used = 0;
            row_start = index + 1;
        } else if line.starts_with('|') {
            let chars: Vec<char> = line.chars().collect();
            for (column, window) in columns.windows(2).enumerate() {
                // This column and the ones after it start past the line's end.
                if window[0] + 1 >= chars.len() {
                    break;
                }
                let text: String = chars[window[0] + 1..window[1].min(chars.len())]
                    .iter()
                    .collect();
                let text = text.trim().trim_start_matches("| ").trim();
                if !text.is_empty() {
                    cells[column].push(text.to_owned());
                    used = used.max(column + 1);
                }
            }
        } else {
            break;
        }
        index += 1;
    }
    (Grid { width, rows }, index)
}

pub fn read(text: &str) -> Imported {
    let mut unplaced = Vec::new();
    let mut catalog = Catalog {
        catalog: CatalogMeta {
            name: "PostgREST".to_owned(),
            profile: Some("postgrest".to_owned()),
            source: Some("https://github.com/PostgREST/postgrest/blob/4834678902681402a56c490f29947826e7ed5308/docs/references/errors.rst".to_owned()),
            locale: Some("en".to_owned()),
            ..CatalogMeta::default()
        },
        ..Catalog::default()
    };
    catalog.profiles.insert(
        "postgrest".to_owned(),
        HouseProfile {
            content_type: Some("application/json; charset=utf-8".to_owned()),
            body: r#"{"code": "{code}", "details": "{details|null}", "hint": "{suggestion|null}", "message": "{message}"}"#.to_owned(),
            ..HouseProfile::default()
        },
    );
    let lines: Vec<&str> = text.lines().collect();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        // `Group 0 - Connection`, underlined with `~`.
        if let Some(title) = line.strip_prefix("Group ")
            && lines
                .get(index + 1)
                .is_some_and(|under| under.starts_with("~~~"))
        {
            let name = title.split_once(" - ").map_or(title, |(_, name)| name);
            catalog.groups.push(Group {
                id: slug(name),
                title: line.trim().to_owned(),
                ..Group::default()
            });
        }
        if !line.starts_with("+-") {
            index += 1;
            continue;
        }
        let (table, next) = grid(&lines, index);
        let header = table.rows.first().map(|(_, cells)| cells.join(" "));
        if header
            .as_deref()
            .is_some_and(|h| h.contains("PostgreSQL error code"))
        {
            catalog.catalog.description = Some(sqlstate_description(&table));
        } else {
            for (line, cells) in table.rows.iter().skip(1) {
                read_row(*line, table.width, cells, &mut catalog, &mut unplaced);
            }
        }
        index = next.max(index + 1);
    }
    Imported { catalog, unplaced }
}

/// One row of a `PGRST` table of `width` cells: the code (under its `..
/// _pgrst000:` anchor), the status and the description.
fn read_row(
    line: usize,
    width: usize,
    cells: &[String],
    catalog: &mut Catalog,
    unplaced: &mut Vec<Unplaced>,
) {
    if width != 3 {
        unplaced.push(Unplaced {
            line,
            message: format!("a row of {width} cells, not 3"),
        });
        return;
    }
    let [code, status, description] = [0, 1, 2].map(|index| cell(cells, index));
    let Some(code) = code
        .split_whitespace()
        .find(|word| word.starts_with("PGRST"))
    else {
        unplaced.push(Unplaced {
            line,
            message: format!("no PGRST code in {code:?}"),
        });
        return;
    };
    let Ok(status) = status.trim().parse::<u16>() else {
        unplaced.push(Unplaced {
            line,
            message: format!("`{status}` is not a status"),
        });
        return;
    };
    let description = description.replace('\n', " ");
    let message = rst_text(&description, false);
    let markdown = rst_text(&description, true);
    catalog.entries.push(Entry {
        id: code.to_owned(),
        code: Some(Code::Text(code.to_owned())),
        group: catalog.groups.last().map(|group| group.id.clone()),
        status: Some(status),
        message: Some(literal_template(&message)),
        description: (markdown != message).then_some(markdown),
        ..Entry::default()
    });
}

/// The SQLSTATE-to-status table as Markdown, for the catalog's description.
fn sqlstate_description(table: &Grid) -> String {
    let mut out = String::from(
        "PostgREST forwards PostgreSQL's own errors with their SQLSTATE as the code, and these statuses:\n\n| PostgreSQL error code(s) | HTTP status | Error description |\n|---|---|---|\n",
    );
    for (_, cells) in table.rows.iter().skip(1) {
        let cell = |index: usize| {
            cell(cells, index)
                .replace("\n| ", " ")
                .replace('\n', " ")
                .trim_start_matches("| ")
                .to_owned()
        };
        out.push_str(&format!("| {} | {} | {} |\n", cell(0), cell(1), cell(2)));
    }
    out
}

/// Sphinx text as plain text (`markdown` false) or Markdown: `:ref:`a <b>``
/// and `:doc:` become `a`, ``` ``x`` ``` becomes `x` (or `` `x` ``), and
/// `` `text <url>`_ `` becomes `text` (or `[text](url)`). One pass.
fn rst_text(text: &str, markdown: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let Some(at) = rest.find('`') else {
            out.push_str(rest);
            break;
        };
        let mut before = &rest[..at];
        // A role (`:ref:`, `:doc:`, `:code:`) just before the backquote.
        if let Some(role_start) = before.rfind(':')
            && let Some(role) = before[..role_start].rfind(':')
            && before[role + 1..role_start]
                .chars()
                .all(|c| c.is_ascii_alphabetic())
            && role_start > role + 1
            && role_start + 1 == before.len()
        {
            before = &before[..role];
        }
        out.push_str(before);
        let double = rest[at..].starts_with("``");
        let open = if double { 2 } else { 1 };
        let inner_start = at + open;
        let close = if double {
            rest[inner_start..].find("``")
        } else {
            rest[inner_start..].find('`')
        };
        let Some(close) = close else {
            out.push_str(&rest[at..]);
            break;
        };
        let inner = &rest[inner_start..inner_start + close];
        rest = &rest[inner_start + close + open..];
        if double {
            if markdown {
                out.push('`');
                out.push_str(inner);
                out.push('`');
            } else {
                out.push_str(inner);
            }
            continue;
        }
        // `text <target>`: the text; a hyperlink (`_` after) keeps its URL in Markdown.
        let (label, target) = match inner.rsplit_once(" <") {
            Some((label, target)) => (label, target.strip_suffix('>').unwrap_or(target)),
            None => (inner, ""),
        };
        let hyperlink = rest.starts_with('_');
        if hyperlink {
            rest = &rest[1..];
        }
        if markdown && hyperlink && target.contains("://") {
            out.push_str(&format!("[{label}]({target})"));
        } else {
            out.push_str(label);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// A page in PostgREST's layout, written for this test.
    const PAGE: &str = "Errors\n######\n\n+--------------------------+-------------+-------------------+\n| PostgreSQL error code(s) | HTTP status | Error description |\n+==========================+=============+===================+\n| 08*                      | 503         | pg err            |\n+--------------------------+-------------+-------------------+\n| 42501                    | | if a 403, | privileges        |\n|                          | | else 401  |                   |\n+--------------------------+-------------+-------------------+\n\nGroup 0 - Connection\n~~~~~~~~~~~~~~~~~~~~\n\n+---------------+-------------+------------------------------+\n| Code          | HTTP status | Description                  |\n+===============+=============+==============================+\n| .. _pgrst000: | 503         | Could not connect, see       |\n|               |             | :ref:`db-uri` and ``GET``.   |\n| PGRST000      |             |                              |\n+---------------+-------------+------------------------------+\n| .. _pgrst001: | soon        | Broken.                      |\n| PGRST001      |             |                              |\n+---------------+-------------+------------------------------+\n\nGroup X - Internal\n~~~~~~~~~~~~~~~~~~\n\n+---------------+-------------+------------------------------+\n| Code          | HTTP status | Description                  |\n+===============+=============+==============================+\n| .. _pgrstX00: | 500         | See `the docs <https://x.y>`_|\n| PGRSTX00      |             | and :doc:`Auth <auth>`.      |\n+---------------+-------------+------------------------------+\n";

    #[test]
    fn grid_tables_become_entries_in_groups_and_the_sqlstate_map_a_description() {
        let imported = super::read(PAGE);
        let catalog = &imported.catalog;
        let entries: Vec<(&str, Option<&str>, Option<u16>)> = catalog
            .entries
            .iter()
            .map(|e| (e.id.as_str(), e.group.as_deref(), e.status))
            .collect();
        assert_eq!(
            entries,
            [
                ("PGRST000", Some("connection"), Some(503)),
                ("PGRSTX00", Some("internal"), Some(500))
            ]
        );
        assert_eq!(
            catalog.entries[0].message.as_deref(),
            Some("Could not connect, see db-uri and GET.")
        );
        assert_eq!(
            catalog.entries[0].description.as_deref(),
            Some("Could not connect, see db-uri and `GET`.")
        );
        assert_eq!(
            catalog.entries[1].message.as_deref(),
            Some("See the docs and Auth.")
        );
        assert_eq!(
            catalog.entries[1].description.as_deref(),
            Some("See [the docs](https://x.y) and Auth.")
        );
        let description = catalog.catalog.description.as_deref().unwrap();
        assert!(
            description.contains("| 08* | 503 | pg err |"),
            "{description}"
        );
        assert!(
            description.contains("| 42501 | if a 403, else 401 | privileges |"),
            "{description}"
        );
        assert_eq!(imported.unplaced.len(), 1, "{:?}", imported.unplaced);
        assert_eq!(imported.unplaced[0].message, "`soon` is not a status");
    }

    #[test]
    fn sphinx_markup_is_read_in_one_pass() {
        assert_eq!(
            super::rst_text("a :ref:`x <y>` ``b`` `c`", false),
            "a x b c"
        );
        assert_eq!(super::rst_text("unclosed ``x", false), "unclosed ``x");
        let hostile = "``".repeat(100_000) + &":a:`".repeat(100_000);
        assert!(super::rst_text(&hostile, false).len() <= hostile.len());
    }

    /// A top border of 100,000 `+` over 100,000 short lines: each line used
    /// to go through every column, and each row to hold a cell for each,
    /// which took minutes (and memory to match).
    #[test]
    fn a_wide_border_over_short_lines_is_read_in_one_pass() {
        let width = 100_000;
        let page = format!(
            "+-{}\n{}{}",
            "+".repeat(width),
            "|\n+\n".repeat(100_000),
            "|x\n+\n".repeat(101)
        );
        let imported = super::read(&page);
        assert_eq!(imported.catalog.entries, []);
        assert_eq!(imported.unplaced.len(), 100, "the first row is the header");
        assert!(
            (imported.unplaced.iter())
                .all(|problem| problem.message == "a row of 100000 cells, not 3")
        );
        assert_eq!(imported.unplaced[0].line, 200_004);
    }
}
