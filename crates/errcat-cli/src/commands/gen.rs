//! `errcat gen ts|python`: client code for a catalog's errors.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use errcat::Profile;
use errcat_docs::clients::{Language, generate};

use crate::builtin;

/// Write a TypeScript or Python module for a catalog's errors.
///
/// The module has the wire codes as a type (`ErrorCode`), every entry of the
/// catalog (`ERRORS`: code, status, title, whether retrying helps, docs URL),
/// and `parseError` / `parse_error`, which reads an error response in the
/// catalog's profile into an `ApiError` with its code, message, request ID
/// and field errors. Plain TypeScript (strict, 4.9+) or Python (3.9+), no
/// dependencies.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat gen ts --catalog errors.toml --out src/errors.ts\n  errcat gen python --catalog errors.toml --out client/errors.py\n  errcat gen ts --catalog catalogs/clerk.toml --profile clerk"
)]
pub struct Args {
    /// The language.
    #[arg(value_parser = ["ts", "typescript", "python", "py"])]
    language: String,
    /// The catalog file; with none, the one built-in catalog named by `--builtin`.
    #[arg(long = "catalog", value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// A built-in catalog (clerk, plain, planfix, plunk, quapp), when no `--catalog` is given.
    #[arg(long, value_name = "SLUG", conflicts_with = "catalog")]
    builtin: Option<String>,
    /// The wire profile the client reads (built in, or one of the catalog's
    /// `[profiles.NAME]`); the catalog's own when absent.
    #[arg(long)]
    profile: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let language = match args.language.as_str() {
        "ts" | "typescript" => Language::TypeScript,
        _ => Language::Python,
    };
    let files: Vec<PathBuf> = args.catalog.iter().cloned().collect();
    let catalogs = builtin::load_for_use(&files)?;
    let named = match (&args.catalog, &args.builtin) {
        (Some(_), _) => &catalogs[0],
        (None, Some(slug)) => catalogs
            .iter()
            .find(|named| &named.slug == slug)
            .with_context(|| {
                let known: Vec<&str> = catalogs.iter().map(|n| n.slug.as_str()).collect();
                format!(
                    "no built-in catalog `{slug}`; built-in: {}",
                    known.join(", ")
                )
            })?,
        (None, None) => bail!(
            "name the catalog: --catalog FILE, or --builtin clerk (or plain, planfix, plunk, quapp)"
        ),
    };
    let catalog = named.catalog();
    let name = args.profile.as_deref().unwrap_or(catalog.profile_name());
    let profile = Profile::resolve(name, catalog)?;
    let module = generate(catalog, profile, language)?;
    match &args.out {
        Some(path) => {
            crate::output::write_file(path, &module)?;
            // The module knows every error a service sends: the catalog's
            // and the framework's own that it does not override.
            let every = errcat_docs::clients::entries_with_framework(catalog);
            let own_ids: std::collections::HashSet<&str> =
                catalog.entries.iter().map(|e| e.id.as_str()).collect();
            let own = every
                .iter()
                .filter(|entry| own_ids.contains(entry.id.as_str()))
                .count();
            let framework = every.len() - own;
            crate::output::errln!(
                "{} ({own} catalog errors and {framework} framework errors, {profile} profile)",
                path.display(),
            );
        }
        None => print!("{module}"),
    }
    Ok(ExitCode::SUCCESS)
}
