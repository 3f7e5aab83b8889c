//! `errcat schema`: the catalog format's JSON Schema, for editors.

use std::process::ExitCode;

use anyhow::Result;

/// Print the JSON Schema of the catalog format.
///
/// Point your editor at it to complete and validate `errors.toml` files
/// (Taplo / Even Better TOML: add `#:schema ./errcat.schema.json` at the top).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  errcat schema > errcat.schema.json")]
pub struct Args {}

pub fn run(_args: Args) -> Result<ExitCode> {
    crate::output::outln!(
        "{}",
        serde_json::to_string_pretty(&errcat_catalog::json_schema())?
    )?;
    Ok(ExitCode::SUCCESS)
}
