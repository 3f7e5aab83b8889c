//! `errcat import --from FORMAT FILE`: turn an existing error reference into a catalog.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::builder::TypedValueParser as _;
use errcat_catalog::SourceFile;
use errcat_catalog::diagnostic::{RenderOptions, render, summary};
use errcat_import::Format;

/// Import an error reference document, or a plain CSV or JSON list, into a catalog.
///
/// Every entry of the source is accounted for: what the reader cannot place is
/// reported on stderr with its line in the source. The output is deterministic:
/// the same input gives the same bytes.
///
/// The result is checked as `errcat check` would before anything is written;
/// a catalog that fails is not written, its diagnostics are printed and the
/// exit code is 1.
///
/// `--out` replaces a catalog an earlier import wrote (its first line says
/// so), which is how one is refreshed; any other existing file is kept
/// unless `--force` is given.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat import --from clerk tests/data/seeds/clerk-backend-api-errors.md --out catalogs/clerk.toml\n  errcat import --from csv examples/errors.csv --out errors.toml   # columns: id,code,status,title,message,summary,description,suggestion,group,retry,internal"
)]
pub struct Args {
    /// The source format.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(Format::ALL.map(|(name, _)| name))
        .map(|name| name.parse::<Format>().expect("only known names are possible")))]
    from: Format,
    /// The document to read.
    file: PathBuf,
    /// Where to write the catalog; stdout when absent.
    #[arg(long, value_name = "CATALOG")]
    out: Option<PathBuf>,
    /// Replace `--out` even when it is not a catalog `errcat import` wrote.
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(out) = &args.out
        && !args.force
    {
        refuse_to_replace(out)?;
    }
    // Bounded like a catalog: 64 MiB of UTF-8, however the file reports its size.
    let text = errcat_catalog::read_source(&args.file)
        .map_err(document_error)?
        .text;
    // Where the document reads better as another format, the user is told.
    let suggestion = |imported: Option<&errcat_import::Imported>| {
        errcat_import::better_format(args.from, &text, imported).map(|(format, entries)| {
            format!(
                "`--from {format}` reads {} from it",
                crate::output::counted(entries, "entry")
            )
        })
    };
    let mut imported = match errcat_import::import(args.from, &text) {
        Ok(imported) => imported,
        Err(error @ errcat_import::ImportError::NothingFound { .. }) => match suggestion(None) {
            Some(better) => anyhow::bail!("{error}\n{better}"),
            None => return Err(error.into()),
        },
        Err(error) => return Err(error.into()),
    };
    if imported.catalog.catalog.name.is_empty() {
        // Lists carry no name: the file's stem is the best guess.
        imported.catalog.catalog.name = args
            .file
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
    }
    for problem in &imported.unplaced {
        crate::output::errln!(
            "warning: {}:{}: {}",
            args.file.display(),
            problem.line,
            problem.message
        );
    }
    if imported.unplaced.len() > imported.catalog.entries.len()
        && let Some(better) = suggestion(Some(&imported))
    {
        crate::output::errln!(
            "warning: more of {} was left out than read as `--from {}`; {better}",
            args.file.display(),
            args.from
        );
    }
    let toml = errcat_import::to_toml(&imported.catalog)?;
    // What is written must be a catalog every other command accepts: the
    // same full check, on the very text about to be written.
    let name = args.out.as_ref().map_or_else(
        || "<imported catalog>".to_owned(),
        |out| out.display().to_string(),
    );
    let parsed = errcat_catalog::parse(SourceFile::new(name, toml.as_str()));
    if let Err(report) = errcat::check(parsed) {
        let color = crate::output::stderr_color();
        crate::output::err!(
            "{}",
            render(&report.source, &report.diagnostics, RenderOptions { color })
        );
        crate::output::errln!(
            "failed: the catalog imported from {} does not pass `errcat check` ({}); nothing written",
            args.file.display(),
            summary(&report.diagnostics)
        );
        return Ok(ExitCode::FAILURE);
    }
    match &args.out {
        Some(path) => {
            crate::output::write_file(path, &toml)?;
            crate::output::errln!(
                "imported {} entries from {} into {}",
                imported.catalog.entries.len(),
                args.file.display(),
                path.display()
            );
        }
        None => crate::output::out!("{toml}")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses to write over `out` when it exists and is not a catalog an
/// earlier import wrote: a hand-kept catalog (with its translations) would
/// be lost.
fn refuse_to_replace(out: &std::path::Path) -> Result<()> {
    use std::io::Read as _;
    let file = match std::fs::File::open(out) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", out.display()));
        }
    };
    // Only the first line tells: the rest of the file is not read.
    let mut head = Vec::new();
    file.take(errcat_import::HEADER.len() as u64)
        .read_to_end(&mut head)
        .with_context(|| format!("cannot read {}", out.display()))?;
    if errcat_import::is_imported(&head) {
        return Ok(());
    }
    anyhow::bail!(
        "{} exists and was not written by `errcat import`; not replacing it (pass --force to replace it)",
        out.display()
    )
}

/// A read error, said of an error reference rather than of a catalog.
fn document_error(error: errcat_catalog::ReadError) -> anyhow::Error {
    use errcat_catalog::ReadError;
    match error {
        ReadError::Directory { path, .. } => {
            anyhow::anyhow!("{path} is a directory; `errcat import` reads one document")
        }
        ReadError::NotUtf8 { path, offset } => anyhow::anyhow!(
            "{path} is not UTF-8 text (invalid byte at offset {offset}); the documents `errcat import` reads are text"
        ),
        ReadError::TooLarge { path, limit, .. } => {
            anyhow::anyhow!("{path} is larger than the {limit} bytes `errcat import` reads")
        }
        error => error.into(),
    }
}
