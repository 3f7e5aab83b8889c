//! `errcat init DIR`: a starter catalog to edit.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

/// Create DIR/errors.toml, a starter catalog to edit.
///
/// The starter has two groups and four entries showing params, a code range,
/// causes, resolutions and retry advice. It never overwrites a file.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  errcat init my-api\n  errcat check my-api/errors.toml")]
pub struct Args {
    /// Directory to create the catalog in (created if missing).
    dir: PathBuf,
}

const STARTER: &str = include_str!("starter.toml");

pub fn run(args: Args) -> Result<ExitCode> {
    std::fs::create_dir_all(&args.dir)
        .with_context(|| format!("cannot create directory {}", args.dir.display()))?;
    let path = args.dir.join("errors.toml");
    if path.exists() {
        bail!("{} already exists; not overwriting it", path.display());
    }
    std::fs::write(&path, STARTER).with_context(|| format!("cannot write {}", path.display()))?;
    crate::output::outln!("created {}", path.display())?;
    crate::output::outln!("next: errcat check {}", path.display())?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn starter_catalog_checks_without_problems() {
        let parsed = errcat_catalog::parse(errcat_catalog::SourceFile::new(
            "errors.toml",
            super::STARTER,
        ));
        let diagnostics = errcat::diagnose(&parsed);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert!(parsed.catalog.entries.len() >= 3);
    }
}
