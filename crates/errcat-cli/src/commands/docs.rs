//! `errcat docs`: reference pages generated from catalogs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context as _, Result};
use errcat::Profile;

use crate::builtin;

/// Generate reference docs: Markdown pages, or a static HTML site.
///
/// Markdown: one page per catalog, an overview table then each entry with its
/// message, description, causes, resolutions, suggestion, params, status and
/// example bodies, under stable anchors. HTML: an index, a page per catalog
/// and per entry, a stylesheet with light and dark themes, and a search that
/// works with no server (open index.html from disk). A translated catalog
/// gets the same pages in each language, linked by a language switcher
/// (`catalogs/SLUG/fr/...`, `SLUG.fr.md`).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat docs --format html --out site && xdg-open site/index.html\n  errcat docs --format md --catalog errors.toml --out docs\n  errcat docs --catalog errors.toml --bodies own --out site   # only the bodies your API sends"
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_parser = ["md", "html"], default_value = "html")]
    format: String,
    /// Catalog files (repeatable, or several after one flag:
    /// `--catalog catalogs/corpus/*.toml`); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE", num_args = 1..)]
    catalogs: Vec<PathBuf>,
    /// Directory to write into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The profiles entry pages show sample bodies in: `own`, the catalog's
    /// own profile only (what the API sends); `all`, every built-in profile
    /// too, folded after it, to compare.
    #[arg(long, value_parser = ["own", "all"], default_value = "all")]
    bodies: String,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let catalogs = builtin::load(&args.catalogs)?;
    builtin::distinct_names(&catalogs)?;
    let views: Vec<_> = catalogs
        .iter()
        .map(|named| {
            let own = [named.compiled.profile()];
            let profiles = if args.bodies == "own" {
                &own[..]
            } else {
                Profile::built_in()
            };
            errcat_docs::catalog_view(&named.slug, &named.compiled, profiles)
        })
        .collect();
    let entries: usize = views.iter().map(|v| v.entries.len()).sum();
    if args.format == "md" {
        let written = errcat_docs::write_markdown(&views, &args.out).context("writing Markdown")?;
        for path in &written {
            crate::output::outln!("{}", path.display())?;
        }
    } else {
        let stats = errcat_docs::write_site(&views, &args.out).context("writing the site")?;
        crate::output::outln!("{}", args.out.join("index.html").display())?;
        crate::output::errln!("{} pages", stats.pages);
        if stats.removed > 0 {
            crate::output::errln!(
                "removed {} of an earlier build (entries renamed or gone)",
                crate::output::counted(stats.removed, "entry page")
            );
        }
    }
    crate::output::errln!(
        "{} from {} in {:.2?}",
        crate::output::counted(entries, "entry"),
        crate::output::counted(views.len(), "catalog"),
        started.elapsed()
    );
    Ok(ExitCode::SUCCESS)
}
