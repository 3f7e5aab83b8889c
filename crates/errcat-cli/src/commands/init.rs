//! `errcat init DIR`: a starter catalog to edit.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};

/// Create DIR/errors.toml (DIR is the current directory unless given), a
/// starter catalog to edit.
///
/// The starter has two groups and four entries showing params, a code range,
/// causes, resolutions, retry advice and plural forms, and their French
/// translations. It never overwrites a file.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat init my-api\n  errcat check my-api/errors.toml\n  errcat init                   # ./errors.toml"
)]
pub struct Args {
    /// Directory to create the catalog in (created if missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

const STARTER: &str = include_str!("starter.toml");

pub fn run(args: Args) -> Result<ExitCode> {
    // `errcat init api.toml` means a catalog file, not a directory named so.
    let names_a_file = args.dir.is_file()
        || (!args.dir.exists() && args.dir.extension().is_some_and(|ext| ext == "toml"));
    if names_a_file {
        // The directory it is in, else its stem (`api.toml` -> `api`).
        let dir = args
            .dir
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
            .map(|parent| parent.display().to_string())
            .or_else(|| Some(args.dir.file_stem()?.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "my-api".to_owned());
        bail!(
            "{} is a file name; `errcat init` takes a directory and writes errors.toml in it: `errcat init {dir}`",
            args.dir.display()
        );
    }
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

    #[test]
    fn the_starter_speaks_french_with_its_plural_forms() {
        let catalog = errcat::compile(errcat_catalog::SourceFile::new(
            "errors.toml",
            super::STARTER,
        ))
        .expect("the starter checks");
        assert_eq!(catalog.locales().collect::<Vec<_>>(), ["en", "fr"]);
        let message = |locale: &str, count: i64| {
            catalog
                .error("validation_failed")
                .unwrap()
                .arg("count", count)
                .in_locale(locale)
                .message()
        };
        assert_eq!(message("en", 1), "The request has 1 invalid field.");
        assert_eq!(message("fr-CA", 1), "La requête a 1 champ invalide.");
        assert_eq!(message("fr", 3), "La requête a 3 champs invalides.");
        assert_eq!(
            message("fr", 1_000_000),
            "La requête a 1000000 de champs invalides."
        );
    }
}
