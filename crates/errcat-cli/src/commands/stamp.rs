//! `errcat stamp FILE`: mark translations as made from their entries'
//! current text, editing only their `translated_from` lines.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use errcat_catalog::translation::{Freshness, freshness, stamp, unreadable_stamp_parts};
use errcat_catalog::{Diagnostic, Entry, SourceFile, Spans, TableSpans, parse, read_source};

/// Mark translations as made from their entries' current text.
///
/// Writes the `translated_from` of each chosen translation that has none or
/// is stale: the stamp of the entry text it translates, which `errcat check`
/// compares with the entry to find translations gone out of date. Stamp a
/// translation once it says what the entry says now; stamping one nobody
/// has read again hides that it is stale.
///
/// Translations that are current are left alone, and so is every other byte
/// of the file: a stamp's value is replaced, or one line is added (one key in
/// an inline table), in the file's own line ending. The catalog must pass
/// `errcat check` first.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat stamp errors.toml --locale fr --id contact_not_found\n  errcat stamp errors.toml --locale fr --dry-run\n  errcat stamp errors.toml --all"
)]
pub struct Args {
    /// The catalog file to edit.
    file: PathBuf,
    /// Stamp translations into this language (repeatable).
    #[arg(long = "locale", value_name = "TAG")]
    locales: Vec<String>,
    /// Stamp translations of this entry (repeatable).
    #[arg(long = "id", value_name = "ID")]
    ids: Vec<String>,
    /// Stamp every translation that has no stamp or a stale one.
    #[arg(long, conflicts_with_all = ["locales", "ids"])]
    all: bool,
    /// Say what would be stamped, and change nothing.
    #[arg(long)]
    dry_run: bool,
}

/// One translation to stamp.
struct Stamping<'a> {
    locale: &'a str,
    id: &'a str,
    stamp: String,
    /// Why it needs one.
    was: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if !args.all && args.locales.is_empty() && args.ids.is_empty() {
        bail!("name the translations to stamp: --locale TAG, --id ID (both repeatable), or --all");
    }
    let source = read_source(&args.file)?;
    let parsed = parse(source.clone());
    // A stamp says a translation is right; one `check` refuses is not.
    if errcat::diagnose(&parsed).iter().any(Diagnostic::is_error) {
        bail!(
            "{} has errors; fix what `errcat check {}` reports first",
            args.file.display(),
            args.file.display()
        );
    }
    let catalog = &parsed.catalog;
    for locale in &args.locales {
        if !catalog
            .translations
            .keys()
            .any(|tag| tag.eq_ignore_ascii_case(locale))
        {
            let tags = catalog.translations.keys().map(String::as_str);
            bail!("{}", unknown("no translations into", locale, tags));
        }
    }
    let entries: HashMap<&str, &Entry> = catalog
        .entries
        .iter()
        .map(|entry| (entry.id.as_str(), entry))
        .collect();
    for id in &args.ids {
        if !entries.contains_key(id.as_str()) {
            let ids = catalog.entries.iter().map(|entry| entry.id.as_str());
            bail!("{}", unknown("no entry", id, ids));
        }
    }
    // Language tags are compared without case, as the runtime matches them.
    let chosen = |locale: &str, id: &str| {
        let locale_chosen =
            args.locales.is_empty() || args.locales.iter().any(|l| l.eq_ignore_ascii_case(locale));
        let id_chosen = args.ids.is_empty() || args.ids.iter().any(|i| i == id);
        args.all || (locale_chosen && id_chosen)
    };
    let mut stampings = Vec::new();
    let (mut current, mut nothing_to_stamp) = (0, 0);
    for (locale, translations) in &catalog.translations {
        for (id, translation) in translations {
            let Some(entry) = entries.get(id.as_str()).filter(|_| chosen(locale, id)) else {
                continue;
            };
            let stamp = stamp(entry, translation);
            if stamp.is_empty() {
                nothing_to_stamp += 1;
                continue;
            }
            let recorded = translation.translated_from.as_deref().unwrap_or_default();
            let was = match freshness(entry, translation) {
                Freshness::Unstamped => "had no stamp".to_owned(),
                Freshness::Stale(fields) => format!("stale: {}", fields.join(", ")),
                Freshness::Current if unreadable_stamp_parts(recorded).next().is_some() => {
                    "its stamp had parts errcat did not write".to_owned()
                }
                Freshness::Current => {
                    current += 1;
                    continue;
                }
            };
            stampings.push(Stamping {
                locale,
                id,
                stamp,
                was,
            });
        }
    }
    if stampings.is_empty() && current == 0 {
        if nothing_to_stamp > 0 {
            bail!(
                "the chosen translations carry no text their entries have, so there is nothing to stamp (`errcat check` names such fields: translation-without-source)"
            );
        }
        bail!(
            "no translation matches; `errcat list --catalog {}` shows the entries",
            args.file.display()
        );
    }
    let verb = if args.dry_run {
        "would stamp"
    } else {
        "stamped"
    };
    for stamping in &stampings {
        crate::output::outln!(
            "{verb} {}.{} ({}): translated_from = \"{}\"",
            stamping.locale,
            stamping.id,
            stamping.was,
            stamping.stamp
        )?;
    }
    crate::output::outln!(
        "{verb} {}; {current} already current",
        crate::output::counted(stampings.len(), "translation")
    )?;
    if args.dry_run || stampings.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let edited = with_stamps(&source.text, &parsed.spans, &stampings)?;
    // What was written is read back: each stamped translation must now be
    // current, or nothing is written.
    let reread = parse(SourceFile::new(source.name.clone(), edited.clone()));
    for stamping in &stampings {
        let now = reread
            .catalog
            .translations
            .get(stamping.locale)
            .and_then(|translations| translations.get(stamping.id))
            .map(|translation| translation.translated_from.as_deref());
        if now != Some(Some(stamping.stamp.as_str())) {
            bail!(
                "could not place the stamp of {}.{} in {}; nothing was written: add `translated_from = \"{}\"` to it by hand",
                stamping.locale,
                stamping.id,
                args.file.display(),
                stamping.stamp
            );
        }
    }
    write_replacing(&args.file, &edited)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to a file beside `path`, then renames it over `path`: an
/// interrupted run leaves the catalog as it was. A symbolic link is followed,
/// so the file it names is replaced and the link kept.
fn write_replacing(path: &Path, text: &str) -> Result<()> {
    let path = &std::fs::canonicalize(path)
        .with_context(|| format!("cannot resolve {}", path.display()))?;
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.errcat-stamp"));
    std::fs::write(&temporary, text)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot replace {}", path.display())
    })
}

/// `text` with each translation's `translated_from` written, every other
/// byte as it was: the stamp's value replaced, or one line added (one key
/// in an inline table) in the file's own line ending.
fn with_stamps(text: &str, spans: &Spans, stampings: &[Stamping<'_>]) -> Result<String> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for stamping in stampings {
        let (key, table) = spans
            .translations
            .get(stamping.locale)
            .and_then(|locale| locale.entries.get(stamping.id))
            .with_context(|| {
                format!(
                    "cannot find translation {}.{} in the file",
                    stamping.locale, stamping.id
                )
            })?;
        let value = format!("\"{}\"", stamping.stamp);
        edits.push(match table.values.get("translated_from") {
            Some(span) => (span.clone(), value),
            None => insertion(text, key, table, &value, newline).with_context(|| {
                format!(
                    "cannot tell where to add the stamp of {}.{}; add `translated_from = {value}` to it by hand",
                    stamping.locale, stamping.id
                )
            })?,
        });
    }
    // One pass over the text, edits in order: linear however many there are.
    edits.sort_by_key(|(span, _)| span.start);
    let mut edited = String::with_capacity(text.len() + edits.len() * 64);
    let mut copied = 0;
    for (span, replacement) in edits {
        edited.push_str(&text[copied..span.start]);
        edited.push_str(&replacement);
        copied = span.end;
    }
    edited.push_str(&text[copied..]);
    Ok(edited)
}

/// Where and what to insert for a translation with no `translated_from`:
/// after `{` of an inline table, after the `[translations.LOCALE.ID]` line
/// of a table, or before the first dotted key of one (`ID.message = ...`).
fn insertion(
    text: &str,
    key: &Range<usize>,
    table: &TableSpans,
    value: &str,
    newline: &str,
) -> Option<(Range<usize>, String)> {
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    if text[table.table.start..].starts_with('{') {
        let at = table.table.start + 1;
        return Some((at..at, format!(" translated_from = {value},")));
    }
    if text[line_start(key.start)..].trim_start().starts_with('[') {
        let at = match text[key.end..].find('\n') {
            Some(offset) => key.end + offset + 1,
            None => text.len(),
        };
        let lead = if at == text.len() && !text.ends_with('\n') {
            newline
        } else {
            ""
        };
        return Some((at..at, format!("{lead}translated_from = {value}{newline}")));
    }
    // Dotted keys: the first one's path, with `translated_from` for its field.
    let first = table.values.values().map(|span| span.start).min()?;
    let start = line_start(first);
    let written = &text[start..first];
    let indent_len = written.len() - written.trim_start().len();
    let path = written.trim().strip_suffix('=')?.trim_end();
    let (prefix, _field) = path.rsplit_once('.')?;
    let at = start;
    Some((
        at..at,
        format!(
            "{}{prefix}.translated_from = {value}{newline}",
            &written[..indent_len]
        ),
    ))
}

/// "the catalog has no entry `x`": with the nearest name, else the list.
fn unknown<'a>(what: &str, name: &str, known: impl Iterator<Item = &'a str> + Clone) -> String {
    let hint = match errcat_catalog::load::closest(name, known.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => {
            let known: Vec<String> = known.map(|k| format!("`{k}`")).collect();
            if known.is_empty() {
                "it has none".to_owned()
            } else {
                format!("it has {}", known.join(", "))
            }
        }
    };
    format!("the catalog has {what} `{name}`; {hint}")
}
