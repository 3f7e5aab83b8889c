//! `errcat openapi`: the OpenAPI 3.1 components of a catalog's errors.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use errcat::Profile;
use errcat_docs::openapi::{Described, document};

use crate::builtin;

/// Print OpenAPI 3.1 components describing a catalog's errors.
///
/// `components.schemas` gets the error body of the profile (`<Name>Error`)
/// and an enum of every wire code (`<Name>ErrorCode`); `components.responses`
/// gets one response per entry, with its content type, request-ID and
/// `Retry-After` headers, and a sample body, so operations can `$ref` the
/// errors they return. Merge the result into your API description.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat openapi --catalog errors.toml > errors.openapi.json\n  errcat openapi --catalog errors.toml --profile clerk\n  # in an operation, under responses:  \"404\": {\"$ref\": \"#/components/responses/contact_not_found\"}"
)]
pub struct Args {
    /// Catalog files (repeatable, or several after one flag:
    /// `--catalog catalogs/corpus/*.toml`); the built-in catalogs when absent.
    #[arg(long = "catalog", value_name = "FILE", num_args = 1..)]
    catalogs: Vec<PathBuf>,
    /// The wire profile: a built-in one (`errcat profiles` lists them) or one of
    /// the catalog's `[profiles.NAME]`; each catalog's own profile when absent.
    #[arg(long)]
    profile: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let catalogs = builtin::load(&args.catalogs)?;
    let profile: Option<Profile> = match (&args.profile, catalogs.first()) {
        (Some(name), Some(first)) => Some(Profile::resolve(name, first.catalog())?),
        _ => None,
    };
    let described: Vec<Described<'_>> = catalogs
        .iter()
        .map(|named| Described {
            slug: &named.slug,
            catalog: &named.compiled,
        })
        .collect();
    let text = serde_json::to_string_pretty(&document(&described, profile))?;
    match &args.out {
        Some(path) => {
            crate::output::write_file(path, text + "\n")?;
            crate::output::errln!("{}", path.display());
        }
        None => println!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
