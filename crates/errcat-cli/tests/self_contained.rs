//! The repository is complete: no test, script or example reads a file from
//! outside it. The seed documents and the vendor bodies the tests compare
//! against live in `tests/data/`; a checkout alone must build and test.

use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Source files under `dir`, skipping build output, installed packages and
/// the test data itself (vendor documents, not code).
fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if !matches!(
                &*name,
                "target" | "node_modules" | ".git" | "data" | "snapshots"
            ) {
                sources(&path, found);
            }
        } else if path.extension().is_none_or(|ext| {
            [
                "rs", "mjs", "js", "ts", "py", "sh", "toml", "md", "json", "yml", "yaml",
            ]
            .contains(&ext.to_string_lossy().as_ref())
        }) {
            found.push(path);
        }
    }
}

#[test]
fn no_test_script_or_example_reads_outside_the_repository() {
    let root = workspace();
    let mut files = Vec::new();
    for dir in ["crates", "tests", "scripts", "examples", ".ci", "catalogs"] {
        sources(&root.join(dir), &mut files);
    }
    files.push(root.join("README.md"));
    assert!(
        files.len() > 50,
        "the walk found the sources: {}",
        files.len()
    );
    // Spelled in pieces so that this file does not match itself.
    let outside = [
        concat!("../", "shared"),
        concat!("shared/", "seeds"),
        concat!("shared/", "corpus"),
    ];
    let mut offenders = Vec::new();
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue; // binary
        };
        for (number, line) in text.lines().enumerate() {
            if outside.iter().any(|pattern| line.contains(pattern)) {
                let relative = file.strip_prefix(&root).unwrap_or(file);
                offenders.push(format!(
                    "{}:{}: {}",
                    relative.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "these lines read outside the repository; use the copies in tests/data/:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_seed_documents_and_corpus_bodies_are_committed() {
    let data = workspace().join("tests/data");
    for file in [
        "seeds/README.md",
        "seeds/clerk-backend-api-errors.md",
        "seeds/plain-error-codes.md",
        "seeds/planfix-rest-api-error-codes.txt",
        "seeds/plunk-api-errors.mdx",
        "seeds/quapp-system-error-codes.txt",
        "corpus/README.md",
    ] {
        assert!(data.join(file).is_file(), "tests/data/{file} is missing");
    }
    let readme = std::fs::read_to_string(data.join("seeds/README.md")).unwrap();
    for origin in [
        "plain.com",
        "clerk.com",
        "planfix.com",
        "useplunk.com",
        "quapp.cloud",
    ] {
        assert!(readme.contains(origin), "the seeds' README names {origin}");
    }
}
