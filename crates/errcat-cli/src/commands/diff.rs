//! `errcat diff OLD NEW`: what changed between two versions of a catalog, and
//! whether it breaks clients.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use errcat_catalog::Parsed;
use errcat_catalog::diagnostic::{LineIndex, RenderOptions};
use errcat_catalog::diff::{self, Impact};

use crate::builtin;

/// Compare two versions of a catalog and say which changes break clients.
///
/// Entries are matched by id. Breaking: a wire code, HTTP status or gRPC
/// code changes, an entry is removed or retired without being deprecated
/// first, a param is removed or retyped, the profile (or what identifies
/// errors in it: the problem `type`, Google's `domain`, the profile's `wire`
/// attributes) changes. Notable: clients keep parsing but may act
/// differently (retry advice, `internal`, `meta`, a suggestion no longer sent, a deprecated entry deleted
/// instead of retired, a retired one deleted or sent again, a language no
/// longer spoken, a source text changed while its translation was not), or
/// service code must change (a new param). Compatible: new entries, reworded
/// text (title, message, suggestion, and the reference text: summary,
/// description, causes, resolutions), new languages, deprecations, retiring
/// a deprecated entry. Once
/// retired, an entry's other keys are not compared.
///
/// Levels (`--level`, as Buf has them), each adding to the one before:
/// `wire` (the default) judges what a client sees on the wire; `json` also
/// breaks on a removed `meta` key or suggestion, which clients read by name; `source` also
/// breaks on what generated code depends on: a removed, renamed or retired
/// entry id (its Rust constructor and client `ERRORS` key) and a new param
/// (every constructor call changes).
///
/// Exits with 1 when any change is breaking, so it can gate a merge; with 0
/// otherwise; with 2 when a catalog cannot be read or has errors.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat diff old/errors.toml errors.toml\n  errcat diff --level source old.toml errors.toml   # also what generated code depends on\n  errcat diff --policy errors.diff.toml old.toml errors.toml   # with the team's accepted changes\n  errcat diff <(git show main:errors.toml) errors.toml   # against another branch\n  errcat diff --format json old.toml new.toml | jq '.[] | select(.impact == \"breaking\")'\n  errcat diff --format markdown v1.toml v2.toml > CHANGES.md   # a review comment, or release notes\n  errcat diff --format github \"$BASE\" errors.toml   # annotations on the catalog's lines in a GitHub Actions run"
)]
pub struct Args {
    /// The catalog as clients know it.
    old: PathBuf,
    /// The catalog as changed.
    new: PathBuf,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// What to judge: the wire only, also JSON member and `meta` names, or
    /// also what generated code depends on (ids, constructor params).
    #[arg(long, value_enum, default_value_t = LevelArg::Wire)]
    level: LevelArg,
    /// A policy file beside the catalog: a new impact per kind of change
    /// (`[impact] message-changed = "notable"`) and accepted changes, each
    /// with its reason (`[[accept]] kind, id, reason`). Accepted changes are
    /// reported but do not fail the diff; an acceptance that matches nothing
    /// is warned about.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// The same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    json: bool,
}

/// `--level`: [`diff::Level`] as the CLI spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LevelArg {
    /// What a client sees on the wire (codes, statuses, gRPC codes, the profile, retry advice).
    Wire,
    /// The wire, plus body member names and `meta` keys.
    Json,
    /// The body, plus entry ids and constructor params that generated code depends on.
    Source,
}

impl From<LevelArg> for diff::Level {
    fn from(level: LevelArg) -> Self {
        match level {
            LevelArg::Wire => diff::Level::Wire,
            LevelArg::Json => diff::Level::Json,
            LevelArg::Source => diff::Level::Source,
        }
    }
}

/// How `errcat diff` prints the changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// rustc-style, each change with its source line (on standard error).
    Text,
    /// A JSON array, each change with file, line and column.
    Json,
    /// Markdown grouped by impact: a pull-request comment, or release notes.
    Markdown,
    /// GitHub Actions workflow commands: each change an annotation on its line
    /// (breaking as `error`, notable as `warning`, compatible as `notice`).
    Github,
}

/// A change with the place it points at, as file, line and column (1-based;
/// 0 when the change points at no line).
struct Located<'a> {
    change: &'a diff::Change,
    file: &'a str,
    line: usize,
    column: usize,
}

/// One catalog file, checked (its example bodies are not compared: a diff is about the entries).
fn load(path: &Path) -> Result<Parsed> {
    let mut loaded = builtin::load_with(&[path.to_path_buf()], builtin::Examples::Unverified)?;
    Ok(loaded.remove(0).checked.parsed().clone())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let old = load(&args.old)?;
    let new = load(&args.new)?;
    let mut changes = diff::diff_at(&old, &new, args.level.into());
    if let Some(path) = &args.policy {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the policy {}", path.display()))?;
        let policy = diff::Policy::parse(&text)
            .map_err(|why| anyhow::anyhow!("{}: {why}", path.display()))?;
        let ids = || {
            old.catalog
                .entries
                .iter()
                .chain(&new.catalog.entries)
                .map(|entry| entry.id.as_str())
        };
        for stale in policy.apply(&mut changes) {
            // An id neither version has is likely a typo of one they have.
            let advice = match stale.id.as_deref() {
                Some(id) if !ids().any(|known| known == id) => {
                    errcat_catalog::load::closest(id, ids())
                        .map(|near| format!("no entry has the id `{id}`: did you mean `{near}`?"))
                        .unwrap_or_else(|| format!("no entry has the id `{id}`"))
                }
                _ => "remove it".to_owned(),
            };
            crate::output::errln!(
                "warning: {}: accepting `{}`{} matched no change; {advice}",
                path.display(),
                stale.kind,
                stale
                    .id
                    .as_deref()
                    .map(|id| format!(" of `{id}`"))
                    .unwrap_or_default()
            );
        }
    }
    let format = if args.json { Format::Json } else { args.format };
    let old_lines = LineIndex::new(&old.source.text);
    let new_lines = LineIndex::new(&new.source.text);
    let located: Vec<Located<'_>> = changes
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
            Located {
                change,
                file: &source.name,
                line,
                column,
            }
        })
        .collect();
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = located
                .iter()
                .map(|at| {
                    let change = at.change;
                    serde_json::json!({
                        "impact": change.impact, "kind": change.kind, "id": change.id,
                        "message": change.message, "help": change.help,
                        "accepted": change.accepted,
                        "file": at.file, "line": at.line, "column": at.column,
                    })
                })
                .collect();
            crate::output::outln!("{}", serde_json::to_string_pretty(&rows)?)?;
        }
        Format::Markdown => {
            let title = format!("{} → {}", args.old.display(), args.new.display());
            let text = markdown(&title, &located, &diff::summary(&changes));
            crate::output::outln!("{}", text.trim_end())?;
        }
        Format::Github => {
            for at in &located {
                crate::output::outln!("{}", github_annotation(at))?;
            }
        }
        Format::Text => {
            let color = crate::output::stderr_color();
            crate::output::err!(
                "{}",
                diff::render(&changes, &old.source, &new.source, RenderOptions { color })
            );
            crate::output::errln!(
                "{} -> {}: {}",
                args.old.display(),
                args.new.display(),
                diff::summary(&changes)
            );
        }
    }
    Ok(if changes.iter().any(diff::Change::fails) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The changes as Markdown, grouped by impact (breaking first), each with
/// its entry, kind, place and help. Catalog text is escaped, so an entry's
/// message cannot add markup, links or HTML to a review comment.
fn markdown(title: &str, changes: &[Located<'_>], summary: &str) -> String {
    let mut out = format!(
        "## Error catalog changes: {}\n\n{}\n",
        escape_markdown(title),
        escape_markdown(summary)
    );
    for (impact, heading) in [
        (
            Impact::Breaking,
            "Breaking: clients written against the old catalog can misread the new one",
        ),
        (
            Impact::Notable,
            "Notable: clients keep parsing, but may act differently",
        ),
        (Impact::Compatible, "Compatible"),
    ] {
        let group: Vec<&Located<'_>> = changes
            .iter()
            .filter(|at| at.change.impact == impact)
            .collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {heading} ({})\n\n", group.len()));
        for at in group {
            let change = at.change;
            let place = if at.line > 0 {
                format!(" ({}:{})", escape_markdown(at.file), at.line)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "- {} {}{place}\n",
                code_span(change.kind),
                message_markdown(&change.message)
            ));
            if let Some(reason) = &change.accepted {
                out.push_str(&format!("  - accepted: {}\n", escape_markdown(reason)));
            } else if let Some(help) = &change.help {
                out.push_str(&format!("  - {}\n", message_markdown(help)));
            }
        }
    }
    out
}

/// Text as Markdown that shows it literally: punctuation that could start
/// markup is backslash-escaped, and `<`, `>`, `&` become entities.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A message errcat wrote, where catalog values sit between backticks: those
/// become code spans, the rest is escaped text.
fn message_markdown(message: &str) -> String {
    let parts: Vec<&str> = message.split('`').collect();
    let balanced = parts.len() % 2 == 1;
    let mut out = String::with_capacity(message.len() + 8);
    for (index, part) in parts.iter().enumerate() {
        let last = index + 1 == parts.len();
        if index % 2 == 1 && (balanced || !last) {
            out.push_str(&code_span(part));
        } else {
            if index % 2 == 1 {
                // An unpaired backtick, shown as one.
                out.push_str("\\`");
            }
            out.push_str(&escape_markdown(part));
        }
    }
    out
}

/// `text` as an inline code span, fenced with more backticks than it holds.
fn code_span(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A space pads text that starts or ends with a backtick (CommonMark strips it).
    if text.starts_with('`') || text.ends_with('`') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// One change as a GitHub Actions workflow command (`::error file=…,line=…::…`).
/// Values are escaped as the runner expects, so catalog text cannot end the
/// command early or issue one of its own.
fn github_annotation(at: &Located<'_>) -> String {
    let change = at.change;
    let level = match change.impact {
        Impact::Breaking if change.accepted.is_some() => "warning",
        Impact::Breaking => "error",
        Impact::Notable => "warning",
        Impact::Compatible => "notice",
    };
    let mut properties = vec![format!("file={}", escape_property(at.file))];
    if at.line > 0 {
        properties.push(format!("line={}", at.line));
        properties.push(format!("col={}", at.column));
    }
    let title = match &change.id {
        Some(id) => format!("errcat diff: {} ({id})", change.kind),
        None => format!("errcat diff: {}", change.kind),
    };
    properties.push(format!("title={}", escape_property(&title)));
    let mut message = change.message.clone();
    if let Some(reason) = &change.accepted {
        message.push_str("\naccepted: ");
        message.push_str(reason);
    } else if let Some(help) = &change.help {
        message.push('\n');
        message.push_str(help);
    }
    format!(
        "::{level} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// A workflow command's message: `%`, CR and LF escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: as a message, plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(impact: Impact, id: Option<&str>, message: &str) -> diff::Change {
        diff::Change {
            impact,
            kind: "status-changed",
            id: id.map(str::to_owned),
            message: message.to_owned(),
            side: diff::Side::New,
            span: None,
            help: Some("bump the major version".to_owned()),
            accepted: None,
        }
    }

    #[test]
    fn markdown_groups_by_impact_and_shows_catalog_text_literally() {
        let breaking = change(
            Impact::Breaking,
            Some("a`b"),
            "`a`b` changes its status, 404 -> 410 <img src=x>",
        );
        let compatible = change(Impact::Compatible, None, "entry *added*");
        let located = [
            Located {
                change: &compatible,
                file: "v2.toml",
                line: 0,
                column: 0,
            },
            Located {
                change: &breaking,
                file: "v2.toml",
                line: 7,
                column: 1,
            },
        ];
        let text = markdown("v1.toml → v2.toml", &located, "1 breaking, 1 compatible");
        assert_eq!(
            text,
            concat!(
                "## Error catalog changes: v1.toml → v2.toml\n\n1 breaking, 1 compatible\n",
                "\n### Breaking: clients written against the old catalog can misread the new one (1)\n\n",
                "- `status-changed` `a`b\\` changes its status, 404 -&gt; 410 &lt;img src=x&gt; (v2.toml:7)\n",
                "  - bump the major version\n",
                "\n### Compatible (1)\n\n",
                "- `status-changed` entry \\*added\\*\n",
                "  - bump the major version\n",
            )
        );
    }

    #[test]
    fn github_annotations_escape_what_would_end_or_forge_a_command() {
        let hostile = change(
            Impact::Breaking,
            Some("x"),
            "line one\n::error::forged 100%",
        );
        let at = Located {
            change: &hostile,
            file: "a,b:c.toml",
            line: 3,
            column: 5,
        };
        assert_eq!(
            github_annotation(&at),
            "::error file=a%2Cb%3Ac.toml,line=3,col=5,title=errcat diff%3A status-changed (x)::line one%0A::error::forged 100%25%0Abump the major version"
        );
        let notable = change(Impact::Notable, None, "retry advice changes");
        let at = Located {
            change: &notable,
            file: "e.toml",
            line: 0,
            column: 0,
        };
        assert!(github_annotation(&at).starts_with("::warning file=e.toml,title="));
    }
}
