//! `errcat list`: the entries of one or more catalogs, as a table or JSON.
//!
//! # JSON output
//!
//! `--json` prints one array; scripts rely on these fields:
//!
//! ```json
//! [{"catalog": "clerk", "catalog_name": "Clerk Backend API", "catalog_path": null,
//!   "id": "UnsupportedCountry", "code": "unsupported_country_code",
//!   "status": 400, "sent_status": 400, "title": "...", "message": "... {countryName} ...", "group": "auth",
//!   "params": [{"name": "countryName", "type": "string"}], "examples": []}]
//! ```
//!
//! `catalog` is the catalog's slug (its file stem), `catalog_name` the name
//! its `[catalog]` table gives (the slug when it gives none), and
//! `catalog_path` the file as given with `--catalog` (`null` for a built-in
//! catalog). `code` is a JSON number for integer codes; `status`, `title`, `message` and
//! `group` are `null` when the entry has none; `sent_status` is the status a
//! service sends (the entry's, else the catalog's `default_status`, else 500). `examples` holds the catalog's
//! examples as written (`name`, `profile`, `input`, `body`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use errcat_catalog::{Code, Entry};
use serde::Serialize;

use crate::builtin;

/// List the entries of catalogs.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat list\n  errcat list --catalog errors.toml --json | jq length"
)]
pub struct Args {
    /// Catalog files (repeatable, or several after one flag:
    /// `--catalog catalogs/corpus/*.toml`); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE", num_args = 1..)]
    catalogs: Vec<PathBuf>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Row<'a> {
    catalog: &'a str,
    catalog_name: &'a str,
    catalog_path: Option<String>,
    id: &'a str,
    code: Code,
    status: Option<u16>,
    /// The status a service sends: the entry's, else the catalog's
    /// `default_status`, else 500.
    sent_status: u16,
    title: Option<&'a str>,
    message: Option<&'a str>,
    group: Option<&'a str>,
    params: Vec<ParamRow<'a>>,
    examples: &'a [errcat_catalog::Example],
    /// The deprecation's advice, when the entry is deprecated.
    #[serde(skip_serializing_if = "Option::is_none")]
    deprecated: Option<String>,
    /// Set when the entry is retired: no longer sent.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    retired: bool,
}

#[derive(Serialize)]
struct ParamRow<'a> {
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
}

fn row<'a>(named: &'a builtin::Named, entry: &'a Entry) -> Row<'a> {
    let name = &named.catalog().catalog.name;
    Row {
        catalog: &named.slug,
        catalog_name: if name.is_empty() { &named.slug } else { name },
        catalog_path: named.path.as_ref().map(|path| path.display().to_string()),
        id: &entry.id,
        code: entry.wire_code(),
        status: entry.status,
        sent_status: named
            .compiled
            .entry(&entry.id)
            .map_or(500, |compiled| compiled.status.as_u16()),
        title: entry.title.as_deref(),
        message: entry.message.as_deref(),
        group: entry.group.as_deref(),
        params: entry
            .params
            .iter()
            .map(|(name, param)| ParamRow {
                name,
                kind: param.kind().as_str(),
            })
            .collect(),
        examples: &entry.examples,
        deprecated: entry.deprecation().map(|deprecation| deprecation.advice()),
        retired: entry.is_retired(),
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalogs = builtin::load_for_use(&args.catalogs)?;
    let rows: Vec<Row<'_>> = catalogs
        .iter()
        .flat_map(|named| {
            named
                .catalog()
                .entries
                .iter()
                .map(|entry| row(named, entry))
        })
        .collect();
    if args.json {
        crate::output::outln!("{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let id_width = rows
        .iter()
        .map(|r| r.id.chars().count())
        .max()
        .unwrap_or(0)
        .clamp("ID".len(), 48);
    let code_width = rows
        .iter()
        .map(|r| r.code.to_string().chars().count())
        .max()
        .unwrap_or(0)
        .clamp("CODE".len(), 40);
    // Each column as wide as its header at least.
    let slug_width = rows
        .iter()
        .map(|r| r.catalog.chars().count())
        .max()
        .unwrap_or(0)
        .max("CATALOG".len());
    crate::output::outln!(
        "{:slug_width$}  {:id_width$}  {:code_width$}  STATUS  TITLE",
        "CATALOG",
        "ID",
        "CODE"
    )?;
    for row in &rows {
        // What is sent; `*` when the entry declares none (a default, or 500).
        let status = match row.status {
            Some(status) => status.to_string(),
            None => format!("{}*", row.sent_status),
        };
        let life = if row.retired {
            " (retired)"
        } else if row.deprecated.is_some() {
            " (deprecated)"
        } else {
            ""
        };
        crate::output::outln!(
            "{:slug_width$}  {:id_width$}  {:code_width$}  {status:6}  {}{life}",
            row.catalog,
            crate::output::terminal_text(row.id),
            crate::output::terminal_text(&row.code.to_string()),
            crate::output::terminal_text(row.title.or(row.message).unwrap_or(""))
        )?;
    }
    if rows.iter().any(|row| row.status.is_none()) {
        crate::output::errln!(
            "* no status declared: sent as the catalog's default_status, else 500"
        );
    }
    crate::output::errln!(
        "{} {} in {} {}",
        rows.len(),
        if rows.len() == 1 { "entry" } else { "entries" },
        catalogs.len(),
        if catalogs.len() == 1 {
            "catalog"
        } else {
            "catalogs"
        },
    );
    Ok(ExitCode::SUCCESS)
}
