//! Hostile input to the `errcat` binary: every answer is a clear error or a
//! quiet exit, never a hang, a panic, a write outside the output folder or a
//! link that runs code.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn errcat(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("errcat runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const ONE_ENTRY: &str =
    "[catalog]\nname = \"x\"\n\n[[errors]]\nid = \"a\"\nstatus = 400\ntitle = \"A\"\n";

#[cfg(unix)]
#[test]
fn check_of_dev_zero_stops_at_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let output = errcat(&["check", "/dev/zero"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: /dev/zero is larger than the 67108864 bytes a catalog may have\n"
    );
}

#[test]
fn a_too_long_id_fails_check_so_docs_never_sees_it() {
    let dir = tempfile::tempdir().unwrap();
    let long = "a".repeat(300);
    std::fs::write(
        dir.path().join("long.toml"),
        ONE_ENTRY.replace("id = \"a\"", &format!("id = \"{long}\"")),
    )
    .unwrap();
    let check = errcat(&["check", "long.toml"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains(
            "error[id-too-long]: entry id is 300 bytes long, more than the 128 an id may have\n --> long.toml:5:6"
        ),
        "{}",
        stderr(&check)
    );
    let docs = errcat(
        &["docs", "--catalog", "long.toml", "--out", "site"],
        dir.path(),
    );
    assert_eq!(docs.status.code(), Some(2));
    assert!(stderr(&docs).contains("id-too-long"), "{}", stderr(&docs));
}

#[test]
fn an_id_at_the_limit_checks_and_gets_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let id = format!("{}[0]", "a".repeat(125));
    std::fs::write(
        dir.path().join("long.toml"),
        ONE_ENTRY.replace("id = \"a\"", &format!("id = \"{id}\"")),
    )
    .unwrap();
    let docs = errcat(
        &["docs", "--catalog", "long.toml", "--out", "site"],
        dir.path(),
    );
    assert_eq!(docs.status.code(), Some(0), "{}", stderr(&docs));
    let pages = std::fs::read_dir(dir.path().join("site/catalogs/long/errors")).unwrap();
    assert_eq!(pages.count(), 1);
}

#[test]
fn a_javascript_docs_url_fails_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("js.toml"),
        ONE_ENTRY.replace(
            "name = \"x\"",
            "name = \"x\"\ndocs_url = \"javascript:alert(document.cookie)//{code}\"",
        ),
    )
    .unwrap();
    let check = errcat(&["check", "js.toml"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains(
            "error[docs-url-scheme]: `docs_url` is not an http(s) or relative URL\n --> js.toml:3:12"
        ),
        "{}",
        stderr(&check)
    );
}

#[cfg(unix)]
#[test]
fn docs_out_never_writes_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.toml"), ONE_ENTRY).unwrap();
    std::fs::write(dir.path().join("precious.css"), "keep me").unwrap();
    std::fs::create_dir(dir.path().join("site")).unwrap();
    std::os::unix::fs::symlink("../precious.css", dir.path().join("site/style.css")).unwrap();
    let docs = errcat(
        &["docs", "--catalog", "x.toml", "--out", "site"],
        dir.path(),
    );
    assert_eq!(docs.status.code(), Some(0), "{}", stderr(&docs));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("precious.css")).unwrap(),
        "keep me"
    );
    assert!(
        !std::fs::symlink_metadata(dir.path().join("site/style.css"))
            .unwrap()
            .is_symlink()
    );
}

/// Runs errcat with a stdout whose reader is already closed.
fn into_closed_pipe(args: &[&str], dir: &Path) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .output()
        .expect("errcat runs")
}

#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.toml"), ONE_ENTRY).unwrap();
    std::fs::write(dir.path().join("y.toml"), ONE_ENTRY.replace("400", "404")).unwrap();
    std::fs::write(
        dir.path().join("list.csv"),
        "code,status,message\nnope,404,Not found\n",
    )
    .unwrap();
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "--json"],
        &["explain", "UnsupportedCountry"],
        &["search", "not found"],
        &["search", "--json", "not found"],
        &["schema"],
        &["check", "--json", "x.toml"],
        &["diff", "--json", "x.toml", "y.toml"],
        &["import", "--from", "csv", "list.csv"],
        &[
            "docs",
            "--format",
            "md",
            "--catalog",
            "x.toml",
            "--out",
            "md",
        ],
        &["init", "fresh"],
        &["render", "UnsupportedCountry"],
        &["openapi"],
        &["gen", "ts"],
    ];
    for args in commands {
        let output = into_closed_pipe(args, dir.path());
        assert!(
            !stderr(&output).contains("panicked"),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_ne!(output.status.code(), Some(101), "{args:?}");
        assert!(
            !stderr(&output).contains("Broken pipe"),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

/// A command whose stderr reader is gone (`errcat check x.toml 2>&1 | head -1`)
/// ends with its own exit code, without a panic: only the messages are lost.
#[test]
fn a_closed_stderr_keeps_each_command_s_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.toml"), ONE_ENTRY).unwrap();
    std::fs::write(dir.path().join("y.toml"), ONE_ENTRY.replace("400", "404")).unwrap();
    std::fs::write(dir.path().join("bad.toml"), "[[errors]]\nid = 1\n").unwrap();
    let cases: &[(&[&str], i32)] = &[
        (&["check", "x.toml"], 0),
        (&["check", "bad.toml"], 1),
        // The text report goes to stderr; a status change breaks clients.
        (&["diff", "x.toml", "y.toml"], 1),
        (&["list", "--catalog", "bad.toml"], 2),
        (&["render", "no_such_error"], 2),
    ];
    for (args, code) in cases {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .args(*args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::from(writer))
            .output()
            .expect("errcat runs");
        assert_eq!(output.status.code(), Some(*code), "{args:?}");
    }
}

#[test]
fn an_import_that_fails_check_is_not_written_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/seeds/plunk-api-errors.mdx");
    let text = std::fs::read_to_string(seed).unwrap().replacen(
        "    \"requestId\": \"abc-123\",\n    \"suggestion\": \"Verify your API key",
        "    \"requestId\": \"abc-123\",\n    \"extra\": 1,\n    \"suggestion\": \"Verify your API key",
        1,
    );
    std::fs::write(dir.path().join("plunk.mdx"), text).unwrap();
    let import = errcat(
        &[
            "import",
            "--from",
            "plunk",
            "plunk.mdx",
            "--out",
            "plunk.toml",
        ],
        dir.path(),
    );
    assert_eq!(import.status.code(), Some(1), "{}", stderr(&import));
    assert!(
        stderr(&import).contains("error[example-mismatch]"),
        "{}",
        stderr(&import)
    );
    assert!(
        stderr(&import).contains(
            "failed: the catalog imported from plunk.mdx does not pass `errcat check` (1 error, 0 warnings); nothing written"
        ),
        "{}",
        stderr(&import)
    );
    assert!(!dir.path().join("plunk.toml").exists());
}

#[test]
fn an_impossible_status_is_reported_at_its_line_and_the_import_checks() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("list.csv"),
        "id,status,title\nok,404,Fine\nodd,4010,Odd\n",
    )
    .unwrap();
    let import = errcat(
        &["import", "--from", "csv", "list.csv", "--out", "list.toml"],
        dir.path(),
    );
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert!(
        stderr(&import).contains("warning: list.csv:3:"),
        "{}",
        stderr(&import)
    );
    let check = errcat(&["check", "list.toml"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

/// `import --out` refreshes a catalog an earlier import wrote, but keeps a
/// hand-kept one unless told `--force`.
#[test]
fn an_import_replaces_only_an_imported_catalog_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("list.csv"),
        "id,status,title\nok,404,Fine\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("kept.toml"), ONE_ENTRY).unwrap();
    let import = |out: &str, force: bool| {
        let mut args = vec!["import", "--from", "csv", "list.csv", "--out", out];
        if force {
            args.push("--force");
        }
        errcat(&args, dir.path())
    };
    let refused = import("kept.toml", false);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains(
            "kept.toml exists and was not written by `errcat import`; not replacing it (pass --force to replace it)"
        ),
        "{}",
        stderr(&refused)
    );
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(
        read("kept.toml"),
        ONE_ENTRY,
        "the hand-kept catalog is untouched"
    );
    for _ in 0..2 {
        // Written, then refreshed.
        assert_eq!(import("imported.toml", false).status.code(), Some(0));
    }
    assert!(read("imported.toml").contains("id = \"ok\""));
    assert_eq!(import("kept.toml", true).status.code(), Some(0));
    assert!(read("kept.toml").contains("id = \"ok\""));
}

#[test]
fn a_catalog_with_thousands_of_problems_shows_the_first_thousand_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let message: String = (0..1500).map(|i| format!("{{p{i}}}")).collect();
    std::fs::write(
        dir.path().join("many.toml"),
        ONE_ENTRY.replace(
            "title = \"A\"",
            &format!("title = \"A\"\nmessage = \"{message}\""),
        ),
    )
    .unwrap();
    let check = errcat(&["check", "many.toml"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    let text = stderr(&check);
    assert_eq!(text.matches("error[undeclared-placeholder]").count(), 1000);
    assert!(
        text.contains(
            "note: 500 more diagnostics not shown; `errcat check --json` lists every one"
        ),
        "{}",
        &text[text.len().saturating_sub(400)..]
    );
    assert!(text.ends_with("failed: many.toml (1 entry, 1500 errors, 0 warnings)\n"));
    let json = errcat(&["check", "--json", "many.toml"], dir.path());
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1500);
}

/// `stamp` replaces the file a link names, and keeps the link.
#[cfg(unix)]
#[test]
fn stamp_through_a_symlink_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[[errors]]\nid = \"a\"\nmessage = \"A\"\n[translations.fr.a]\nmessage = \"A fr\"\n";
    std::fs::create_dir(dir.path().join("real")).unwrap();
    std::fs::write(dir.path().join("real/errors.toml"), text).unwrap();
    std::os::unix::fs::symlink("real/errors.toml", dir.path().join("errors.toml")).unwrap();
    let output = errcat(&["stamp", "errors.toml", "--all"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let link = std::fs::symlink_metadata(dir.path().join("errors.toml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
    let stamped = std::fs::read_to_string(dir.path().join("real/errors.toml")).unwrap();
    assert!(
        stamped.contains("translated_from = \"message:"),
        "{stamped}"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("real"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["errors.toml"], "no temporary file is left");
}
