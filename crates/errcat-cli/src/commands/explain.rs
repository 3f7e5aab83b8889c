//! `errcat explain ID`: everything a catalog says about an error, as `rustc --explain` does.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use errcat_catalog::load::closest;
use errcat_catalog::{Catalog, Deprecation, Entry, Retry, RetryAfter, RetryPolicy};

use crate::builtin::{self, Named};

/// Explain an error: title, status, code, message, description, causes,
/// resolutions, suggestion and params.
///
/// ID is an entry id (`UnsupportedCountry`, `000037[0]`, `2004`). When no entry
/// has that id, entries whose wire code it is are shown instead.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat explain UnsupportedCountry\n  errcat explain 000012\n  errcat explain resource_not_found   # a wire code shared by many entries"
)]
pub struct Args {
    /// The entry id (or wire code) to explain.
    id: String,
    /// Catalog files to search (repeatable); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalogs = builtin::load(&args.catalogs)?;
    let by_id: Vec<(&Named, &Entry)> = matching(&catalogs, |entry| entry.id == args.id);
    let found = if by_id.is_empty() {
        matching(&catalogs, |entry| entry.wire_code().to_string() == args.id)
    } else {
        by_id
    };
    if found.is_empty() {
        let ids = catalogs
            .iter()
            .flat_map(|named| named.catalog().entries.iter().map(|e| e.id.as_str()));
        match closest(&args.id, ids) {
            Some(near) => bail!(
                "no error with id or code `{}`; did you mean `{near}`?",
                args.id
            ),
            None => bail!(
                "no error with id or code `{}`; `errcat list` shows them all",
                args.id
            ),
        }
    }
    let pages: Vec<String> = found
        .iter()
        .map(|(named, entry)| explain(&named.slug, named.catalog(), entry))
        .collect();
    print!("{}", pages.join("\n\n"));
    Ok(ExitCode::SUCCESS)
}

fn matching(catalogs: &[Named], predicate: impl Fn(&Entry) -> bool) -> Vec<(&Named, &Entry)> {
    catalogs
        .iter()
        .flat_map(|named| {
            named
                .catalog()
                .entries
                .iter()
                .map(move |entry| (named, entry))
        })
        .filter(|(_, entry)| predicate(entry))
        .collect()
}

/// The explanation of one entry, as plain text with Markdown-style headings.
pub fn explain(slug: &str, catalog: &Catalog, entry: &Entry) -> String {
    let mut out = String::new();
    let heading = entry.title.as_deref().unwrap_or(entry.text());
    let _ = writeln!(out, "{} — {heading}", entry.id);
    let _ = writeln!(
        out,
        "{}",
        "=".repeat(entry.id.chars().count() + heading.chars().count() + 3)
    );
    out.push('\n');
    let mut facts: Vec<(&str, String)> = vec![("catalog", display_catalog(slug, catalog))];
    let code = entry.wire_code();
    facts.push((
        "code",
        match code {
            errcat_catalog::Code::Int(n) => format!("{n} (integer)"),
            errcat_catalog::Code::Text(ref t) if t.is_empty() => "\"\" (empty)".to_owned(),
            errcat_catalog::Code::Text(ref t) => t.clone(),
        },
    ));
    let status = match (entry.status, catalog.catalog.default_status) {
        (Some(status), _) => status.to_string(),
        (None, Some(default)) => format!("{default} (catalog default)"),
        (None, None) => "none".to_owned(),
    };
    facts.push(("status", status));
    if let Some(group) = &entry.group {
        let title = catalog
            .group(group)
            .map_or(group.as_str(), |g| g.title.as_str());
        facts.push(("group", title.to_owned()));
    }
    if let Some(retry) = &entry.retry {
        facts.push(("retry", describe_retry(retry)));
    }
    if let Some(since) = &entry.since {
        facts.push(("since", since.clone()));
    }
    if let Some(deprecated) = &entry.deprecated {
        facts.push(("deprecated", describe_deprecation(deprecated)));
    }
    if entry.internal {
        facts.push(("internal", "yes: clients get a generic message".to_owned()));
    }
    if let Some(pattern) = &catalog.catalog.docs_url {
        facts.push((
            "docs",
            pattern
                .replace("{code}", &code.to_string())
                .replace("{id}", &entry.id),
        ));
    }
    let width = facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in &facts {
        let _ = writeln!(out, "  {key:width$}  {value}");
    }
    section(&mut out, "Title", entry.title.as_deref());
    section(&mut out, "Message", entry.message.as_deref());
    section(&mut out, "Summary", entry.summary.as_deref());
    section(&mut out, "Description", entry.description.as_deref());
    list(&mut out, "Causes", &entry.causes);
    list(&mut out, "Resolutions", &entry.resolutions);
    section(&mut out, "Suggestion", entry.suggestion.as_deref());
    if !entry.params.is_empty() {
        out.push_str("\nParams\n");
        for (name, param) in &entry.params {
            let _ = write!(out, "  {{{name}}}  {}", param.kind());
            if let Some(description) = param.description() {
                let _ = write!(out, "  {description}");
            }
            if let Some(example) = param.example() {
                let _ = write!(out, "  (e.g. {example})");
            }
            out.push('\n');
        }
    }
    if let Some(meta) = &entry.meta {
        let _ = write!(out, "\nMeta\n  {meta}\n");
    }
    for (profile, attributes) in &entry.wire {
        for (key, value) in attributes {
            let _ = writeln!(out, "\nWire ({profile})\n  {key} = {value}");
        }
    }
    for example in &entry.examples {
        let name = example.name.as_deref().unwrap_or("Example");
        let profile = example
            .profile
            .as_deref()
            .or(catalog.catalog.profile.as_deref())
            .unwrap_or("problem");
        let _ = write!(out, "\n{name} ({profile} body)\n");
        for line in example.body.lines() {
            let _ = writeln!(out, "    {line}");
        }
        if let Some(note) = &example.note {
            let _ = writeln!(out, "  {note}");
        }
    }
    out
}

fn display_catalog(slug: &str, catalog: &Catalog) -> String {
    if catalog.catalog.name.is_empty() {
        slug.to_owned()
    } else {
        format!("{} ({slug})", catalog.catalog.name)
    }
}

fn section(out: &mut String, title: &str, text: Option<&str>) {
    if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
        let _ = write!(out, "\n{title}\n");
        for line in text.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
}

fn list(out: &mut String, title: &str, items: &[String]) {
    if !items.is_empty() {
        let _ = write!(out, "\n{title}\n");
        for item in items {
            let _ = writeln!(out, "  - {item}");
        }
    }
}

fn describe_retry(retry: &Retry) -> String {
    match retry {
        Retry::Policy(RetryPolicy::Never) => "never: retrying will not help".to_owned(),
        Retry::Policy(RetryPolicy::Safe) => "safe: retry with backoff".to_owned(),
        Retry::After {
            after: RetryAfter::Seconds(s),
        } => format!("after {s} seconds (Retry-After)"),
        Retry::After {
            after: RetryAfter::Param(p),
        } => format!("after {{{p}}} seconds (Retry-After)"),
    }
}

fn describe_deprecation(deprecation: &Deprecation) -> String {
    match deprecation {
        Deprecation::Flag(true) => "yes".to_owned(),
        Deprecation::Flag(false) => "no".to_owned(),
        Deprecation::Details(details) => {
            let mut parts = Vec::new();
            if let Some(since) = &details.since {
                parts.push(format!("since {since}"));
            }
            if let Some(replacement) = &details.replacement {
                parts.push(format!("use `{replacement}` instead"));
            }
            if let Some(note) = &details.note {
                parts.push(note.clone());
            }
            if parts.is_empty() {
                "yes".to_owned()
            } else {
                parts.join("; ")
            }
        }
    }
}
