//! `errcat explain ID`: everything a catalog says about an error, as `rustc --explain` does.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use errcat_catalog::load::closest;
use errcat_catalog::{Catalog, Entry};

use crate::builtin::{self, Named};

/// Explain an error: title, status, code, message, description, causes,
/// resolutions, suggestion and params.
///
/// ID is an entry id (`UnsupportedCountry`, `000037[0]`, `2004`). When no entry
/// has that id, entries whose wire code it is are shown instead. With
/// `--locale`, the text is the catalog's translation into that language, each
/// field it leaves out in the catalog's own.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat explain UnsupportedCountry\n  errcat explain 000012\n  errcat explain resource_not_found   # a wire code shared by many entries\n  errcat explain contact_not_found --catalog errors.toml --locale fr"
)]
pub struct Args {
    /// The entry id (or wire code) to explain.
    id: String,
    /// Catalog files to search (repeatable); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE")]
    catalogs: Vec<PathBuf>,
    /// The language to explain it in (`fr`): one the catalog is translated into.
    #[arg(long, value_name = "LOCALE")]
    locale: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalogs = builtin::load_for_use(&args.catalogs)?;
    let find = |catalogs| {
        let by_id: Vec<(&Named, &Entry)> = matching(catalogs, |entry| entry.id == args.id);
        if by_id.is_empty() {
            let by_code = matching(catalogs, |entry| entry.wire_code().to_string() == args.id);
            (by_code, "code")
        } else {
            (by_id, "id")
        }
    };
    let (mut found, mut key) = find(&catalogs);
    // An id none of them has may be a framework error every layer sends
    // (read and checked only then).
    let framework = if found.is_empty() {
        vec![builtin::framework()?]
    } else {
        Vec::new()
    };
    if found.is_empty() {
        (found, key) = find(&framework);
        if !found.is_empty() {
            crate::output::outln!(
                "`{}` is a framework error: every errcat layer sends it, unless the catalog has an entry with its id.\n",
                args.id
            )?;
        }
    }
    if found.is_empty() {
        bail!(
            "no error with id or code `{}`; {}",
            args.id,
            unknown_id_hint(&catalogs, &args.id)
        );
    }
    let pages = match &args.locale {
        None => found
            .iter()
            .map(|(named, entry)| explain(&named.slug, &named.compiled, entry))
            .collect(),
        Some(locale) => found
            .iter()
            .map(|(named, entry)| explain_in(&named.slug, &named.compiled, entry, locale))
            .collect::<Result<Vec<String>>>()?,
    };
    if pages.len() > 1 {
        // Several entries send this code (`resource_not_found` in Clerk's),
        // or catalogs share an id: said first, so a reader knows a list follows.
        crate::output::outln!(
            "{} have the {key} `{}`:\n",
            crate::output::counted(pages.len(), "entry"),
            args.id
        )?;
    }
    let text = pages.join("\n\n");
    crate::output::out!("{}", crate::output::terminal_text(&text))?;
    Ok(ExitCode::SUCCESS)
}

/// What to say of an id none of `catalogs` has: the ids it may mean, else
/// the `errcat list` that shows these catalogs' ids (`--catalog` and all).
pub(crate) fn unknown_id_hint(catalogs: &[Named], wanted: &str) -> String {
    let ids: Vec<&str> = catalogs
        .iter()
        .flat_map(|named| named.catalog().entries.iter().map(|e| e.id.as_str()))
        .collect();
    if let Some(near) = suggestion(wanted, &ids) {
        return format!("did you mean {near}?");
    }
    let mut list = "errcat list".to_owned();
    for path in catalogs.iter().filter_map(|named| named.path.as_ref()) {
        list.push_str(" --catalog ");
        list.push_str(&errcat_catalog::diagnostic::shell_word(
            &path.display().to_string(),
        ));
    }
    format!("`{list}` shows them all")
}

/// What to suggest for an id no entry has: ids with the same number first
/// (`12` is Quapp's `000012`, not Planfix's `1`), then the closest spelling.
pub(crate) fn suggestion(wanted: &str, ids: &[&str]) -> Option<String> {
    let number = |id: &str| -> Option<String> {
        let digits = id.trim_start_matches('0');
        (!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())).then(|| digits.to_owned())
    };
    if let Some(wanted_number) = number(wanted) {
        let same: Vec<String> = ids
            .iter()
            .filter(|id| number(id).as_ref() == Some(&wanted_number))
            .map(|id| format!("`{id}`"))
            .collect();
        if !same.is_empty() {
            return Some(same.join(" or "));
        }
    }
    closest(wanted, ids.iter().copied()).map(|near| format!("`{near}`"))
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
///
/// It prints the same view of the entry the docs and the portal render, so
/// the three cannot disagree.
pub fn explain(slug: &str, compiled: &errcat::CompiledCatalog, entry: &Entry) -> String {
    write_explanation(
        slug,
        compiled,
        entry,
        &errcat_docs::entry_view_of(compiled, entry, &[]),
    )
}

/// [`explain`] in `locale`, as the docs' page in that language shows it;
/// an error naming the languages the catalog speaks when it is not one.
pub fn explain_in(
    slug: &str,
    compiled: &errcat::CompiledCatalog,
    entry: &Entry,
    locale: &str,
) -> Result<String> {
    check_locale_tag(locale)?;
    let catalog = compiled.catalog();
    let Some(view) = errcat_docs::entry_view_in(compiled, entry, &[], locale) else {
        let locales: Vec<String> = catalog.locales().map(|l| format!("`{l}`")).collect();
        bail!(
            "{} has no `{locale}` text; it speaks {}",
            display_catalog(slug, catalog),
            locales.join(", ")
        );
    };
    Ok(write_explanation(slug, compiled, entry, &view))
}

/// An error, with how to write it, when `--locale` is not a language tag.
pub(crate) fn check_locale_tag(locale: &str) -> Result<()> {
    if let Err(problem) = errcat_catalog::plural::parse_locale(locale) {
        bail!(
            "--locale: {problem}; {}",
            errcat_catalog::plural::tag_help(locale)
        );
    }
    Ok(())
}

fn write_explanation(
    slug: &str,
    compiled: &errcat::CompiledCatalog,
    entry: &Entry,
    view: &errcat_docs::EntryView,
) -> String {
    let catalog = compiled.catalog();
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", view.id, view.heading);
    let _ = writeln!(
        out,
        "{}",
        "=".repeat(view.id.chars().count() + view.heading.chars().count() + 3)
    );
    out.push('\n');
    let mut facts: Vec<(&str, String)> = vec![("catalog", display_catalog(slug, catalog))];
    facts.push((
        "code",
        match entry.wire_code() {
            errcat_catalog::Code::Int(n) => format!("{n} (integer)"),
            errcat_catalog::Code::Text(t) if t.is_empty() => "\"\" (empty)".to_owned(),
            errcat_catalog::Code::Text(t) => t,
        },
    ));
    let status = match (entry.status, view.status) {
        (Some(status), _) => status.to_string(),
        (None, Some(default)) => format!("{default} (catalog default)"),
        // What the runtime sends, so bodies carry no runtime values either.
        (None, None) => format!(
            "{} (no status declared; sent as {0})",
            compiled
                .entry(&entry.id)
                .map_or(500, |compiled| compiled.status.as_u16())
        ),
    };
    facts.push(("status", status));
    if !view.grpc_code.is_empty() {
        facts.push(("grpc", view.grpc_code.clone()));
    }
    let optional = [
        ("group", &view.group),
        ("retry", &view.retry),
        ("deprecated", &view.deprecated),
        ("retired", &view.retired),
    ];
    facts.extend(
        optional
            .into_iter()
            .filter_map(|(key, value)| Some((key, value.clone()?))),
    );
    if let Some(since) = &entry.since {
        facts.push(("since", since.clone()));
    }
    if entry.internal {
        facts.push(("internal", "yes: clients get a generic message".to_owned()));
    }
    if let Some(docs) = &view.docs_url {
        facts.push(("docs", docs.clone()));
    }
    if view.locale != view.source_locale {
        facts.push((
            "locale",
            format!(
                "{} ({})",
                view.locale,
                errcat_docs::languages::native_name(&view.locale)
            ),
        ));
    }
    let width = facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (key, value) in &facts {
        let _ = writeln!(out, "  {key:width$}  {value}");
    }
    if let Some(stale) = &view.stale {
        let _ = write!(out, "\n  {stale}\n");
    }
    // A field the translation leaves out is shown in the catalog's own language, and says so.
    let untranslated = format!(
        " ({}, not translated)",
        errcat_docs::languages::native_name(&view.source_locale)
    );
    let title = |field: &str, title: &str| {
        if view.untranslated.iter().any(|f| f == field) {
            format!("{title}{untranslated}")
        } else {
            title.to_owned()
        }
    };
    section(&mut out, &title("title", "Title"), view.title.as_deref());
    section(
        &mut out,
        &title("message", "Message"),
        view.message.as_deref(),
    );
    section(
        &mut out,
        &title("summary", "Summary"),
        view.summary.as_deref(),
    );
    section(
        &mut out,
        &title("description", "Description"),
        view.description.as_deref(),
    );
    list(&mut out, &title("causes", "Causes"), &view.causes);
    list(
        &mut out,
        &title("resolutions", "Resolutions"),
        &view.resolutions,
    );
    section(
        &mut out,
        &title("suggestion", "Suggestion"),
        view.suggestion.as_deref(),
    );
    if !view.params.is_empty() {
        out.push_str("\nParams\n");
        for param in &view.params {
            let _ = write!(out, "  {{{}}}  {}", param.name, param.kind);
            if let Some(description) = &param.description {
                let _ = write!(out, "  {description}");
            }
            if let Some(example) = &param.example {
                let _ = write!(out, "  (e.g. {example})");
            }
            out.push('\n');
        }
    }
    if let Some(meta) = &view.meta {
        let _ = write!(out, "\nMeta\n  {meta}\n");
    }
    for (profile, attributes) in &entry.wire {
        for (key, value) in attributes {
            let _ = writeln!(out, "\nWire ({profile})\n  {key} = {value}");
        }
    }
    for (example, shown) in entry.examples.iter().zip(&view.examples) {
        let _ = write!(out, "\n{} ({} body)\n", shown.label, shown.profile);
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
