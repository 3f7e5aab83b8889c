//! `errcat diff OLD NEW`: what changed between two versions of a catalog, and
//! whether it breaks clients.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use errcat_catalog::Parsed;
use errcat_catalog::diagnostic::{LineIndex, RenderOptions};
use errcat_catalog::diff::{self, Impact};

use crate::builtin;

/// Compare two versions of a catalog and say which changes break clients.
///
/// Entries are matched by id. Breaking: a wire code or HTTP status changes,
/// an entry is removed without being deprecated first, a param is removed or
/// retyped, the profile (or what identifies errors in it: the problem `type`,
/// Google's `domain`, the profile's `wire` attributes) changes. Notable:
/// clients keep parsing but may act differently (retry advice, `internal`,
/// `meta`), or service code must change (a new param). Compatible: new
/// entries, reworded text, deprecations.
///
/// Exits with 1 when any change is breaking, so it can gate a merge; with 0
/// otherwise; with 2 when a catalog cannot be read or has errors.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat diff old/errors.toml errors.toml\n  errcat diff <(git show main:errors.toml) errors.toml   # against another branch\n  errcat diff --json old.toml new.toml | jq '.[] | select(.impact == \"breaking\")'"
)]
pub struct Args {
    /// The catalog as clients know it.
    old: PathBuf,
    /// The catalog as changed.
    new: PathBuf,
    /// Print the changes as a JSON array (with file, line and column) instead of text.
    #[arg(long)]
    json: bool,
}

/// One catalog file, checked (its example bodies are not compared: a diff is about the entries).
fn load(path: &Path) -> Result<Parsed> {
    let mut loaded = builtin::load_with(&[path.to_path_buf()], builtin::Examples::Unverified)?;
    Ok(loaded.remove(0).checked.parsed().clone())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let changes = diff::diff(&old, &new);
    if args.json {
        let old_lines = LineIndex::new(&old.source.text);
        let new_lines = LineIndex::new(&new.source.text);
        let rows: Vec<serde_json::Value> = changes
            .iter()
            .map(|change| {
                let (source, lines) = match change.side {
                    diff::Side::Old => (&old.source, &old_lines),
                    diff::Side::New => (&new.source, &new_lines),
                };
                let (line, column) = change
                    .span
                    .as_ref()
                    .map_or((0, 0), |span| lines.line_col(&source.text, span.start));
                serde_json::json!({
                    "impact": change.impact, "kind": change.kind, "id": change.id,
                    "message": change.message, "help": change.help,
                    "file": source.name, "line": line, "column": column,
                })
            })
            .collect();
        crate::output::outln!("{}", serde_json::to_string_pretty(&rows)?)?;
    } else {
        let color = crate::output::stderr_color();
        eprint!(
            "{}",
            diff::render(&changes, &old.source, &new.source, RenderOptions { color })
        );
        eprintln!(
            "{} -> {}: {}",
            args.old.display(),
            args.new.display(),
            diff::summary(&changes)
        );
    }
    Ok(if changes.iter().any(|c| c.impact == Impact::Breaking) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
