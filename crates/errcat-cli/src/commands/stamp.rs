//! `errcat stamp FILE`: mark translations as made from their entries'
//! current text, editing only their `translated_from` lines.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use errcat_catalog::translation::{Freshness, freshness, stamp};
use errcat_catalog::{Diagnostic, parse, read_source};

/// Mark translations as made from their entries' current text.
///
/// Writes the `translated_from` of each chosen translation that has none or
/// is stale: the stamp of the entry text it translates, which `errcat check`
/// compares with the entry to find translations gone out of date. Stamp a
/// translation once it says what the entry says now; stamping one nobody
/// has read again hides that it is stale.
///
/// Translations that are current are left alone, and so is the rest of the
/// file: comments, order and layout are kept.
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
    /// What its stamp says now.
    was: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if !args.all && args.locales.is_empty() && args.ids.is_empty() {
        bail!("name the translations to stamp: --locale TAG, --id ID (both repeatable), or --all");
    }
    let source = read_source(&args.file)?;
    let parsed = parse(source.clone());
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        bail!(
            "{} has errors; fix what `errcat check {}` reports first",
            args.file.display(),
            args.file.display()
        );
    }
    let catalog = &parsed.catalog;
    for locale in &args.locales {
        if !catalog.translations.contains_key(locale) {
            let tags = catalog.translations.keys().map(String::as_str);
            bail!("{}", unknown("no translations into", locale, tags));
        }
    }
    for id in &args.ids {
        if catalog.entry(id).is_none() {
            let ids = catalog.entries.iter().map(|entry| entry.id.as_str());
            bail!("{}", unknown("no entry", id, ids));
        }
    }
    let chosen = |locale: &str, id: &str| {
        (args.all || args.locales.is_empty() || args.locales.iter().any(|l| l == locale))
            && (args.all || args.ids.is_empty() || args.ids.iter().any(|i| i == id))
    };
    let mut stampings = Vec::new();
    let mut current = 0;
    for (locale, translations) in &catalog.translations {
        for (id, translation) in translations {
            let Some(entry) = catalog.entry(id).filter(|_| chosen(locale, id)) else {
                continue;
            };
            let stamp = stamp(entry, translation);
            let was = match freshness(entry, translation) {
                _ if stamp.is_empty() => continue,
                Freshness::Current => {
                    current += 1;
                    continue;
                }
                Freshness::Unstamped => "had no stamp".to_owned(),
                Freshness::Stale(fields) => format!("stale: {}", fields.join(", ")),
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
        count(stampings.len(), "translation")
    )?;
    if args.dry_run || stampings.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    let edited = with_stamps(&source.text, &stampings)?;
    std::fs::write(&args.file, edited)
        .with_context(|| format!("cannot write {}", args.file.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// `text` with each translation's `translated_from` set, the rest as written.
fn with_stamps(text: &str, stampings: &[Stamping<'_>]) -> Result<String> {
    let mut document: toml_edit::DocumentMut = text
        .parse()
        .context("the catalog is not TOML toml_edit reads")?;
    for stamping in stampings {
        let table = document
            .get_mut("translations")
            .and_then(|locales| locales.get_mut(stamping.locale))
            .and_then(|entries| entries.get_mut(stamping.id))
            .and_then(toml_edit::Item::as_table_like_mut)
            .with_context(|| {
                format!(
                    "cannot find the table of translation {}.{}",
                    stamping.locale, stamping.id
                )
            })?;
        match table.get_mut("translated_from") {
            // Replaced in place, keeping its comment.
            Some(item) => match item.as_value_mut() {
                Some(value) => {
                    let decor = value.decor().clone();
                    *value = stamping.stamp.as_str().into();
                    *value.decor_mut() = decor;
                }
                None => *item = toml_edit::value(stamping.stamp.as_str()),
            },
            None => {
                table.insert("translated_from", toml_edit::value(stamping.stamp.as_str()));
            }
        }
    }
    Ok(document.to_string())
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

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
