//! The README's snippets work as written. Its Rust blocks are compiled as
//! doctests (`src/lib.rs` includes the README); here its TOML blocks are
//! checked: catalogs by `errcat::check`, Cargo snippets as TOML.

use std::path::PathBuf;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(crate_dir().join("../../README.md")).unwrap()
}

/// Every fenced block: (info string, body, line of the opening fence).
fn blocks(text: &str) -> Vec<(String, String, usize)> {
    let mut found = Vec::new();
    let mut open: Option<(String, String, usize)> = None;
    for (number, line) in text.lines().enumerate() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.trim().to_owned(), String::new(), number + 1)),
            (Some(_), Some(_)) => found.push(open.take().unwrap()),
            (Some((_, body, _)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "a code block is left open");
    found
}

#[test]
fn every_toml_snippet_is_a_catalog_that_checks_or_a_cargo_manifest() {
    let blocks = blocks(&readme());
    let toml: Vec<_> = blocks.iter().filter(|(info, ..)| info == "toml").collect();
    assert!(toml.len() >= 3, "found the TOML snippets");
    for (_, body, line) in toml {
        if body.contains("[dependencies]") {
            let manifest: toml::Table =
                toml::from_str(body).unwrap_or_else(|e| panic!("README.md:{line}: not TOML: {e}"));
            assert!(
                manifest["dependencies"].get("errcat").is_some(),
                "README.md:{line}"
            );
            continue;
        }
        let parsed = errcat::catalog::parse(errcat::catalog::SourceFile::new(
            format!("README.md:{line}"),
            body.clone(),
        ));
        if let Err(report) = errcat::check(parsed) {
            panic!("README.md:{line}: the catalog does not check:\n{report}");
        }
    }
}

#[test]
fn every_rust_snippet_is_compiled_none_ignored() {
    let blocks = blocks(&readme());
    let rust: Vec<_> = blocks
        .iter()
        .filter(|(info, ..)| info.split(',').next() == Some("rust"))
        .collect();
    assert!(!rust.is_empty(), "found the Rust snippets");
    for (info, _, line) in &rust {
        assert!(
            info.split(',')
                .all(|flag| ["rust", "no_run"].contains(&flag)),
            "README.md:{line}: ```{info} would not be compiled and checked as written"
        );
    }
    // The service snippet uses errcat's extractors, whose rejections answer
    // `malformed_json` and `invalid_path` in the profile, not axum's text.
    let service = &rust
        .iter()
        .find(|(_, body, _)| body.contains("catalog!"))
        .expect("the README shows a service")
        .1;
    for needed in [
        "use errcat::axum::{ErrorLayer, Json, Path};",
        "Result<Json<Contact>, errcat::ApiError>",
        "ErrorLayer::new(",
    ] {
        assert!(
            service.contains(needed),
            "the service snippet lacks {needed}"
        );
    }
    assert!(!service.contains("axum::Json") && !service.contains("extract::Path"));
    let lib = std::fs::read_to_string(crate_dir().join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("#[doc = include_str!(\"../../../README.md\")]"),
        "the README is compiled as a doctest"
    );
    assert!(
        !lib.contains("```ignore"),
        "the crate's own examples compile"
    );
}

/// No rustdoc example in the workspace is skipped: each one compiles.
#[test]
fn no_rustdoc_example_is_ignored() {
    let root = crate_dir().join("../..");
    let mut skipped = Vec::new();
    let mut pending = vec![root.join("crates"), root.join("examples")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() && !path.ends_with("target") && !path.ends_with("node_modules") {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (number, line) in text.lines().enumerate() {
                    let line = line.trim_start();
                    let doc = line
                        .strip_prefix("///")
                        .or_else(|| line.strip_prefix("//!"));
                    if doc.is_some_and(|doc| {
                        let fence = doc.trim();
                        fence.starts_with("```") && fence.contains("ignore")
                    }) {
                        skipped.push(format!("{}:{}", path.display(), number + 1));
                    }
                }
            }
        }
    }
    assert!(skipped.is_empty(), "ignored examples: {skipped:?}");
}

/// `catalog!("errors.toml")` in the README (and in this crate's docs) reads
/// `crates/errcat/errors.toml`: it must be the catalog the README shows.
#[test]
fn the_catalog_the_snippets_compile_against_is_the_one_the_readme_shows() {
    let shown = blocks(&readme())
        .into_iter()
        .find(|(info, body, _)| info == "toml" && body.contains("id = \"contact_not_found\""))
        .expect("the README shows its catalog")
        .1;
    let compiled = std::fs::read_to_string(crate_dir().join("errors.toml")).unwrap();
    assert_eq!(compiled, shown);
}

/// Every ```toml block in the crates' rustdoc: a catalog passes the whole
/// check with current translation stamps; a diff policy parses as one.
#[test]
fn every_toml_snippet_in_rustdoc_checks() {
    let mut files = Vec::new();
    let mut dirs = vec![crate_dir().join("..")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && !path.ends_with("target") && !path.ends_with("tests") {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let docs: String = text
            .lines()
            .filter_map(|line| {
                let line = line.trim_start();
                line.strip_prefix("///")
                    .or_else(|| line.strip_prefix("//!"))
                    .map(|doc| doc.strip_prefix(' ').unwrap_or(doc))
            })
            .map(|line| format!("{line}\n"))
            .collect();
        for (info, body, line) in blocks(&docs) {
            if info != "toml" {
                continue;
            }
            checked += 1;
            let at = format!("{} (doc block {line})", file.display());
            if body.contains("[impact]") || body.contains("[[accept]]") {
                toml::from_str::<errcat::catalog::diff::Policy>(&body)
                    .unwrap_or_else(|e| panic!("{at}: not a diff policy: {e}"));
                continue;
            }
            let parsed = errcat::catalog::parse(errcat::catalog::SourceFile::new(at.clone(), body));
            match errcat::check(parsed) {
                Ok(checked) => {
                    let stale: Vec<_> = checked
                        .warnings()
                        .iter()
                        .filter(|d| d.lint == "translation-stale")
                        .map(|d| d.message.clone())
                        .collect();
                    assert!(stale.is_empty(), "{at}: {stale:?}");
                }
                Err(report) => panic!("{at}: the catalog does not check:\n{report}"),
            }
        }
    }
    assert!(checked >= 4, "found the rustdoc TOML snippets ({checked})");
}
