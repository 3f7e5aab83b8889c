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

/// Loads the given files, or the built-in catalogs when none is given.
pub fn load(files: &[PathBuf]) -> Result<Vec<Named>> {
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
            load_source(source, path)
        })
        .collect()
}

fn load_source(source: SourceFile, path: &std::path::Path) -> Result<Named> {
    let slug = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("catalog")
        .to_owned();
    let checked = errcat::check(parse(source))
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
