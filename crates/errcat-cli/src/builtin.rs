//! Choosing catalogs: the files named with `--catalog`, or the built-in ones.

use std::path::PathBuf;

use anyhow::{Context as _, Result};
use errcat_catalog::{Catalog, Checked, SourceFile, parse, read_source};

/// A catalog the command works on, with the slug it is known by.
#[derive(Debug)]
pub struct Named {
    /// The file stem (`clerk`, `errors`).
    pub slug: String,
    /// The checked catalog.
    pub checked: Checked,
}

impl Named {
    pub fn catalog(&self) -> &Catalog {
        self.checked.catalog()
    }
}

/// How far a loaded catalog is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Examples {
    /// Example bodies must match what errcat renders (every command but `render`).
    Verified,
    /// Example bodies are not compared: `errcat render` is how a stale one is fixed.
    Unverified,
}

/// Loads the given files, or the built-in catalogs when none is given.
pub fn load(files: &[PathBuf]) -> Result<Vec<Named>> {
    load_with(files, Examples::Verified)
}

/// [`load`], choosing whether example bodies must match.
pub fn load_with(files: &[PathBuf], examples: Examples) -> Result<Vec<Named>> {
    if files.is_empty() {
        return Ok(errcat_catalog::builtin::all()
            .into_iter()
            .map(|(slug, checked)| Named {
                slug: slug.to_owned(),
                checked,
            })
            .collect());
    }
    files
        .iter()
        .map(|path| {
            let source = read_source(path)?;
            load_source(source, path, examples)
        })
        .collect()
}

fn load_source(source: SourceFile, path: &std::path::Path, examples: Examples) -> Result<Named> {
    let slug = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("catalog")
        .to_owned();
    let parsed = parse(source);
    let checked = match examples {
        Examples::Verified => errcat::check(parsed),
        Examples::Unverified => errcat_catalog::check(parsed),
    };
    let checked = checked
        .map_err(|report| anyhow::anyhow!("{report}"))
        .with_context(|| {
            format!(
                "{} has errors; run `errcat check {}`",
                path.display(),
                path.display()
            )
        })?;
    Ok(Named { slug, checked })
}
