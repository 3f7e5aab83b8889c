//! `errcat profiles`: the wire profiles a catalog can answer in, each as it
//! describes itself (media type, request-ID header, where each part sits).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use errcat::Profile;

use crate::builtin;

/// List the wire profiles: the built-in ones, and a catalog's house profiles.
///
/// Each profile describes itself: its media type, the header that carries
/// the request ID, and where its bodies put the code, message, request ID
/// and field errors (what `errcat gen` clients read back).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  errcat profiles\n  errcat profiles --catalog errors.toml --json"
)]
pub struct Args {
    /// Also list this catalog's house profiles (`[profiles.NAME]`).
    #[arg(long = "catalog", value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Print JSON: one object per profile, with its reading.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut profiles: Vec<Profile> = Profile::built_in().to_vec();
    if let Some(path) = &args.catalog {
        for named in builtin::load_for_use(std::slice::from_ref(path))? {
            for name in named.catalog().profiles.keys() {
                profiles.push(named.compiled.profile_named(name)?);
            }
        }
    }
    let mut out = String::new();
    if args.json {
        let described: Vec<serde_json::Value> = profiles
            .iter()
            .map(|profile| {
                serde_json::json!({
                    "name": profile.name(),
                    "house": profile.house().is_some(),
                    "media_type": profile.content_type(),
                    "request_id_header": profile.request_id_header().as_str(),
                    "summary": profile.summary(),
                    "reading": profile.reading(),
                })
            })
            .collect();
        out = serde_json::to_string_pretty(&described)? + "\n";
    } else {
        let width = profiles.iter().map(|p| p.name().len()).max().unwrap_or(0);
        for profile in &profiles {
            let _ = writeln!(
                out,
                "{:width$}  {}  (request ID: {})\n{:width$}  {}",
                profile.name(),
                profile.content_type(),
                profile.request_id_header(),
                "",
                profile.summary(),
            );
        }
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
