//! The `errcat` binary end to end, as a new user runs it, in temporary folders.

use std::path::Path;
use std::process::{Command, Output};

fn errcat(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_errcat"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("errcat runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn init_then_check_passes_and_init_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let created = errcat(&["init", "my-api"], dir.path());
    assert!(created.status.success(), "{}", stderr(&created));
    let check = errcat(&["check", "my-api/errors.toml"], dir.path());
    assert_eq!(check.status.code(), Some(0));
    assert_eq!(
        stderr(&check),
        "ok: my-api/errors.toml (4 entries, 0 errors, 0 warnings)\n"
    );
    let again = errcat(&["init", "my-api"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists; not overwriting it"));
}

/// The slips of a first run: `init` with no directory (the current one), a
/// file name to `init`, a directory to `check`, `--catalog` to `check`, and
/// `check` with nothing named.
#[test]
fn init_and_check_take_what_a_newcomer_types() {
    let here = tempfile::tempdir().unwrap();
    let bare = errcat(&["init"], here.path());
    assert_eq!(
        String::from_utf8_lossy(&bare.stdout),
        "created ./errors.toml\nnext: errcat check ./errors.toml\n"
    );
    assert!(here.path().join("errors.toml").is_file());
    let dir = tempfile::tempdir().unwrap();
    let file_name = errcat(&["init", "api.toml"], dir.path());
    assert_eq!(file_name.status.code(), Some(2));
    assert!(
        stderr(&file_name).contains(
            "api.toml is a file name; `errcat init` takes a directory and writes errors.toml in it: `errcat init api`"
        ),
        "{}",
        stderr(&file_name)
    );
    assert!(
        !dir.path().join("api.toml").exists(),
        "no directory api.toml"
    );

    assert!(errcat(&["init", "my-api"], dir.path()).status.success());
    let directory = errcat(&["check", "my-api"], dir.path());
    assert_eq!(directory.status.code(), Some(2));
    assert!(
        stderr(&directory).contains(
            "my-api is a directory; a catalog is a file (did you mean my-api/errors.toml?)"
        ),
        "{}",
        stderr(&directory)
    );
    let named = errcat(&["check", "--catalog", "my-api/errors.toml"], dir.path());
    assert_eq!(
        stderr(&named),
        "ok: my-api/errors.toml (4 entries, 0 errors, 0 warnings)\n"
    );
    let built_in = errcat(&["check"], dir.path());
    assert_eq!(
        built_in.status.code(),
        Some(0),
        "the built-in catalogs check"
    );
    for slug in ["clerk", "plain", "planfix", "plunk", "quapp"] {
        assert!(
            stderr(&built_in).contains(&format!("ok: <built-in>/{slug}.toml (")),
            "{slug}: {}",
            stderr(&built_in)
        );
    }
}

#[test]
fn broken_placeholder_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    errcat(&["init", "."], dir.path());
    let path = dir.path().join("errors.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("with id {id:q} exists", "with id {idd:q} exists");
    std::fs::write(&path, text).unwrap();
    let check = errcat(&["check", "errors.toml"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&check));
}

#[test]
fn every_problem_of_a_bad_catalog_is_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.toml",
        r#"[catalog]
name = "Bad"

[[groups]]
id = "tasks"
title = "Tasks"
range = [1000, 1999]

[[errors]]
id = "a"
mesage = "typo in a key"
status = "404"

[[errors]]
id = "b"
code = 2001
group = "tasks"
status = 999
title = "B {x} }"

[[errors]]
id = "b"
retry = "sometimes"

[[errors]]
id = "c"
group = "taks"
message = "Hello {name}"
params.nam = "string"

# `a` is left out for its errors: its translation is not reported again.
[translations.fr.a]
title = "A"
"#,
    );
    let check = errcat(&["check", "bad.toml"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&check));
}

#[test]
fn toml_syntax_errors_get_located_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "syntax.toml",
        "[[errors]]\nid = \"a\"\nmessage = \"unterminated\n[[errors]]\nid = = 2\n",
    );
    let check = errcat(&["check", "syntax.toml"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&check));
}

#[test]
fn unreadable_inputs_give_one_clear_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("binary.toml"), [0xff, 0xfe, b'[', b']']).unwrap();
    let cases = [
        (
            vec!["check", "binary.toml"],
            "error: binary.toml is not UTF-8 text (invalid byte at offset 0); catalogs are UTF-8 TOML\n",
        ),
        (
            vec!["check", "missing.toml"],
            "error: cannot read missing.toml: No such file or directory (os error 2)\n",
        ),
        (
            vec!["list", "--catalog", "missing.toml"],
            "error: cannot read missing.toml: No such file or directory (os error 2)\n",
        ),
    ];
    for (args, expected) in cases {
        let output = errcat(&args, dir.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), expected, "{args:?}");
    }
}

#[test]
fn deeply_nested_junk_and_large_junk_are_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "deep.toml",
        &format!("a = {}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    let deep = errcat(&["check", "deep.toml"], dir.path());
    assert_eq!(deep.status.code(), Some(1));
    assert!(
        stderr(&deep).contains("error[toml-syntax]: invalid TOML"),
        "{}",
        stderr(&deep)
    );

    let junk: String = (0..400_000)
        .map(|i| format!("junk line {i} ]]] = = {{\n"))
        .collect();
    write(dir.path(), "junk.toml", &junk);
    let large = errcat(&["check", "junk.toml"], dir.path());
    assert_eq!(large.status.code(), Some(1));
    assert!(stderr(&large).ends_with("failed: junk.toml (0 entries, 1 error, 0 warnings)\n"));
}

#[test]
fn a_catalog_with_errors_is_refused_by_every_reading_command() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.toml",
        "[[errors]]\nid = \"a\"\nmessage = \"{x}\"\n\n[[errors]]\nid = \"b\"\nstatus = 404\nmessage = \"Gone\"\n\n[translations.fr.b]\nmessage = \"Parti\"\n",
    );
    let list = errcat(&["list", "--catalog", "bad.toml"], dir.path());
    assert_eq!(list.status.code(), Some(2));
    let refusal = stderr(&list);
    assert!(
        refusal.starts_with(
            "error: bad.toml has 1 error (`errcat check bad.toml` shows them with its warnings):\n\nerror["
        ),
        "{refusal}"
    );
    assert!(
        !refusal.contains("warning[") && !refusal.contains("FILE"),
        "only the errors, each help naming the file: {refusal}"
    );
    let check = errcat(&["check", "bad.toml"], dir.path());
    assert!(
        stderr(&check).contains("warning["),
        "the refused catalog has warnings, which `check` shows"
    );
    assert!(
        stdout(&list).is_empty(),
        "nothing is listed from a broken catalog"
    );
}

#[test]
fn render_shows_the_body_a_stale_example_should_say_so_it_can_be_fixed() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "errors.toml",
        r#"[[errors]]
id = "gone"
status = 410
message = "Gone for good"

[[errors.examples]]
body = '{"old": true}'
"#,
    );
    let check = errcat(&["check", "errors.toml"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    assert!(
        stderr(&check).contains("example-mismatch") || stdout(&check).contains("example-mismatch")
    );
    // What publishes examples refuses the catalog; render is the way out.
    let docs = errcat(
        &["docs", "--catalog", "errors.toml", "--out", "site"],
        dir.path(),
    );
    assert_eq!(docs.status.code(), Some(2));
    let render = errcat(&["render", "gone", "--catalog", "errors.toml"], dir.path());
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    let body: serde_json::Value = serde_json::from_str(&stdout(&render)).unwrap();
    assert_eq!(body["detail"], "Gone for good");
    assert_eq!(body["status"], 410);
}

#[test]
fn list_json_counts_every_builtin_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let catalogs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalogs");
    for (slug, count) in [
        ("plain", 57),
        ("clerk", 314),
        ("planfix", 71),
        ("plunk", 25),
        ("quapp", 53),
    ] {
        let file = catalogs.join(format!("{slug}.toml"));
        let output = errcat(
            &["list", "--json", "--catalog", file.to_str().unwrap()],
            dir.path(),
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(rows.len(), count, "{slug}");
    }
    let all = errcat(&["list", "--json"], dir.path());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(rows.len(), 520);
    let country = rows
        .iter()
        .find(|r| r["id"] == "UnsupportedCountry")
        .unwrap();
    insta::assert_json_snapshot!(country);
    let planfix = rows.iter().find(|r| r["id"] == "2004").unwrap();
    assert_eq!(planfix["code"], 2004, "integer codes stay numbers");
    let quapp = rows.iter().find(|r| r["id"] == "000012").unwrap();
    assert_eq!(quapp["code"], "000012", "zero-padded codes stay strings");
    let plunk = rows.iter().find(|r| r["id"] == "VALIDATION_ERROR").unwrap();
    assert_eq!(plunk["examples"].as_array().unwrap().len(), 2);
}

#[test]
fn explain_reads_entries_by_id_as_written() {
    let dir = tempfile::tempdir().unwrap();
    for id in ["000012", "UnsupportedCountry", "2004", "000037[0]"] {
        let output = errcat(&["explain", id], dir.path());
        assert!(output.status.success(), "{id}: {}", stderr(&output));
        insta::assert_snapshot!(
            format!("explain_{}", id.replace(['[', ']'], "_")),
            stdout(&output)
        );
    }
}

#[test]
fn explain_falls_back_to_wire_codes_and_suggests_near_ids() {
    let dir = tempfile::tempdir().unwrap();
    let shared = errcat(&["explain", "resource_not_found"], dir.path());
    assert!(shared.status.success());
    assert_eq!(
        stdout(&shared)
            .matches("  code     resource_not_found")
            .count(),
        19
    );
    assert!(
        stdout(&shared).starts_with("19 entries have the code `resource_not_found`:\n\n"),
        "the count comes first"
    );
    let one = errcat(&["explain", "UnsupportedCountry"], dir.path());
    assert!(
        stdout(&one).starts_with("UnsupportedCountry"),
        "one entry, no count line"
    );
    let typo = errcat(&["explain", "UnsuportedCountry"], dir.path());
    assert_eq!(typo.status.code(), Some(2));
    assert_eq!(
        stderr(&typo),
        "error: no error with id or code `UnsuportedCountry`; did you mean `UnsupportedCountry`?\n"
    );
}

#[test]
fn check_json_gives_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "e.toml",
        "[[errors]]\nid = \"a\"\nstatus = 404\nmessage = \"Hi {who}\"\n",
    );
    let output = errcat(&["check", "--json", "e.toml"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows[0]["line"], 4);
    assert_eq!(rows[0]["column"], 15);
    assert_eq!(rows[0]["lint"], "undeclared-placeholder");
}

#[test]
fn schema_describes_the_catalog_keys() {
    let dir = tempfile::tempdir().unwrap();
    let output = errcat(&["schema"], dir.path());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["title"], "errcat catalog");
    assert!(schema["properties"]["errors"].is_object());
    let entry = &schema["$defs"]["Entry"]["properties"];
    for key in [
        "id", "code", "status", "title", "message", "params", "retry", "wire", "examples",
    ] {
        assert!(entry[key].is_object(), "schema lacks entry key {key}");
    }
}

/// `--out` makes the directories it names, in every command that takes a
/// file, as `docs --out DIR` does.
#[test]
fn out_makes_the_directories_of_its_file() {
    let dir = tempfile::tempdir().unwrap();
    errcat(&["init", "."], dir.path());
    for (args, written) in [
        (
            &[
                "gen",
                "ts",
                "--catalog",
                "errors.toml",
                "--out",
                "gen/ts/errors.ts",
            ][..],
            "gen/ts/errors.ts",
        ),
        (
            &[
                "openapi",
                "--catalog",
                "errors.toml",
                "--out",
                "api/openapi.json",
            ][..],
            "api/openapi.json",
        ),
    ] {
        let output = errcat(args, dir.path());
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(dir.path().join(written).is_file(), "{args:?}");
    }
}

/// `--catalog` takes several files after one flag (a shell glob) in the
/// commands that take no other file or id: `list`, `docs`, `openapi`,
/// `mock`, as in `serve`.
#[test]
fn catalog_takes_several_files_after_one_flag() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", CATALOG_V1);
    write(dir.path(), "b.toml", CATALOG_V1);
    let listed = errcat(
        &["list", "--catalog", "a.toml", "b.toml", "--json"],
        dir.path(),
    );
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&listed)).unwrap();
    let catalogs: std::collections::BTreeSet<&str> = rows
        .iter()
        .filter_map(|row| row["catalog"].as_str())
        .collect();
    assert_eq!(catalogs, ["a", "b"].into());
    let described = errcat(
        &[
            "openapi",
            "--catalog",
            "a.toml",
            "b.toml",
            "--out",
            "api.json",
        ],
        dir.path(),
    );
    assert_eq!(described.status.code(), Some(0), "{}", stderr(&described));
}

/// A document read with the wrong `--from` says which format reads it:
/// when nothing is found, and when most of it is left out. A document
/// that is no text, or a directory, is said to be one, not "a catalog".
#[test]
fn import_names_the_format_that_reads_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let plunk = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/seeds/plunk-api-errors.mdx")
        .display()
        .to_string();
    let nothing = errcat(&["import", "--from", "square", &plunk], dir.path());
    assert_eq!(nothing.status.code(), Some(2));
    assert!(
        stderr(&nothing).contains("`--from plunk` reads 25 entries from it"),
        "{}",
        stderr(&nothing)
    );
    let junk = errcat(&["import", "--from", "plain", &plunk], dir.path());
    assert!(
        stderr(&junk).contains(
            "was left out than read as `--from plain`; `--from plunk` reads 25 entries from it"
        ),
        "{}",
        stderr(&junk)
    );
    std::fs::write(dir.path().join("blob.bin"), [0xff_u8, 0xfe, 0x00]).unwrap();
    let binary = errcat(&["import", "--from", "csv", "blob.bin"], dir.path());
    assert!(
        stderr(&binary).contains("the documents `errcat import` reads are text"),
        "{}",
        stderr(&binary)
    );
}

#[test]
fn every_command_has_help_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        "init", "check", "list", "explain", "search", "diff", "schema", "import", "render", "mock",
        "docs", "openapi", "gen", "serve", "audit", "profiles",
    ] {
        let output = errcat(&[command, "--help"], dir.path());
        assert!(output.status.success());
        let help = stdout(&output);
        let example = help
            .split_once("Example")
            .map(|(_, rest)| rest)
            .unwrap_or_default();
        assert!(
            example.contains(&format!("errcat {command}")),
            "{command} --help shows an example of itself:\n{help}"
        );
    }
}

/// `render --help`'s translated example runs as written, on the catalog
/// `errcat init` writes.
#[test]
fn render_s_locale_example_works_on_the_starter_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let help = stdout(&errcat(&["render", "--help"], dir.path()));
    let example = help
        .lines()
        .find(|line| line.trim_start().starts_with("errcat ") && line.contains("--locale"))
        .expect("an example with --locale")
        .trim();
    let mut last = None;
    for command in example.split(" && ") {
        let words: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(words[0], "errcat", "{example}");
        let output = errcat(&words[1..], dir.path());
        assert!(output.status.success(), "{command}: {}", stderr(&output));
        last = Some(output);
    }
    let body = stdout(&last.expect("the example runs a command"));
    assert!(body.contains("3 champs invalides"), "{body}");
}

/// An id no catalog has gets the ids it may mean, else the `errcat list`
/// that shows the catalogs the command read: alike in `render`, `explain`
/// and `mock`.
#[test]
fn an_unknown_id_gets_a_near_one_or_the_list_of_the_catalogs_given() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "v1.toml", CATALOG_V1);
    let commands: [&[&str]; 3] = [
        &["render", "--catalog", "v1.toml"],
        &["explain", "--catalog", "v1.toml"],
        &["mock", "--catalog", "v1.toml", "--route"],
    ];
    for command in commands {
        let run = |id: &str| {
            let mut args = command.to_vec();
            let route = format!("GET /x={id}");
            args.push(if command[0] == "mock" { &route } else { id });
            let output = errcat(&args, dir.path());
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            stderr(&output)
        };
        let typo = run("contact_not_fond");
        assert!(
            typo.contains("did you mean `contact_not_found`?"),
            "{command:?}: {typo}"
        );
        let unknown = run("zzzzzzzzzzzz");
        assert!(
            unknown.contains("`errcat list --catalog v1.toml` shows them all"),
            "{command:?}: {unknown}"
        );
    }
}

/// A framework error (`route_not_found`), which every layer sends and the
/// generated clients and OpenAPI list, is explained and rendered for a
/// catalog that does not override it, in that catalog's profile.
#[test]
fn framework_errors_are_explained_and_rendered_beside_a_catalog() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "v1.toml", CATALOG_V1);
    let explained = errcat(
        &["explain", "route_not_found", "--catalog", "v1.toml"],
        dir.path(),
    );
    assert_eq!(explained.status.code(), Some(0), "{}", stderr(&explained));
    let text = stdout(&explained);
    assert!(
        text.starts_with("`route_not_found` is a framework error"),
        "{text}"
    );
    assert!(text.contains("status   404"), "{text}");
    let rendered = errcat(
        &[
            "render",
            "route_not_found",
            "--catalog",
            "v1.toml",
            "--profile",
            "plunk",
            "--arg",
            "method=GET",
            "--arg",
            "path=/nowhere",
        ],
        dir.path(),
    );
    assert_eq!(rendered.status.code(), Some(0), "{}", stderr(&rendered));
    let body: serde_json::Value = serde_json::from_str(&stdout(&rendered)).unwrap();
    assert_eq!(body["error"]["statusCode"], 404, "Plunk's shape: {body}");
    assert_eq!(
        body["error"]["message"], "No route matches GET /nowhere.",
        "{body}"
    );
}

const CATALOG_V1: &str = r#"[catalog]
name = "Contacts"

[[errors]]
id = "contact_not_found"
status = 404
message = "No contact {id}"
params.id = "string"

[[errors]]
id = "contact_email_taken"
status = 409
message = "The email is taken"
"#;

#[test]
fn diff_names_breaking_changes_where_they_are_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "v1.toml", CATALOG_V1);
    let v2 = CATALOG_V1
        .replace("status = 404", "status = 410")
        .replace("The email is taken", "That email is already in use")
        + "\n[[errors]]\nid = \"contact_blocked\"\nstatus = 403\nmessage = \"Blocked\"\n";
    write(dir.path(), "v2.toml", &v2);
    let diff = errcat(&["diff", "v1.toml", "v2.toml"], dir.path());
    assert_eq!(
        diff.status.code(),
        Some(1),
        "a breaking change fails the diff"
    );
    insta::assert_snapshot!(stderr(&diff));

    let json = errcat(&["diff", "--json", "v1.toml", "v2.toml"], dir.path());
    let rows: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(rows[0]["impact"], "breaking");
    assert_eq!(rows[0]["kind"], "status-changed");
    assert_eq!(
        (rows[0]["line"].as_u64(), rows[0]["column"].as_u64()),
        (Some(6), Some(10))
    );
    assert_eq!(rows.as_array().unwrap().len(), 3);
    assert_eq!(
        stdout(&errcat(
            &["diff", "--format", "json", "v1.toml", "v2.toml"],
            dir.path()
        )),
        stdout(&json),
        "--json is --format json"
    );

    // For review: Markdown grouped by impact, and GitHub annotations on the lines.
    let markdown = errcat(
        &["diff", "--format", "markdown", "v1.toml", "v2.toml"],
        dir.path(),
    );
    assert_eq!(markdown.status.code(), Some(1));
    insta::assert_snapshot!("diff_markdown", stdout(&markdown));
    let github = errcat(
        &["diff", "--format", "github", "v1.toml", "v2.toml"],
        dir.path(),
    );
    assert_eq!(github.status.code(), Some(1));
    let annotations: Vec<String> = stdout(&github).lines().map(str::to_owned).collect();
    assert_eq!(annotations.len(), 3, "{annotations:?}");
    assert!(
        annotations[0].starts_with(
            "::error file=v2.toml,line=6,col=10,title=errcat diff%3A status-changed (contact_not_found)::"
        ),
        "{annotations:?}"
    );
    assert!(
        annotations[1..]
            .iter()
            .all(|line| line.starts_with("::notice ")),
        "{annotations:?}"
    );

    // A renamed id keeps its code: the wire passes, generated code breaks.
    let renamed = CATALOG_V1.replace(
        "id = \"contact_email_taken\"",
        "id = \"email_taken\"\ncode = \"contact_email_taken\"",
    );
    write(dir.path(), "renamed.toml", &renamed);
    let wire = errcat(&["diff", "v1.toml", "renamed.toml"], dir.path());
    assert_eq!(wire.status.code(), Some(0), "{}", stderr(&wire));
    let source = errcat(
        &["diff", "--level", "source", "v1.toml", "renamed.toml"],
        dir.path(),
    );
    assert_eq!(source.status.code(), Some(1), "{}", stderr(&source));
    assert!(
        stderr(&source).contains("breaking at `--level source`: the entry's Rust constructor"),
        "{}",
        stderr(&source)
    );

    // A policy accepts the status change with its reason: reported, not failed.
    write(
        dir.path(),
        "errors.diff.toml",
        "[[accept]]\nkind = \"status-changed\"\nid = \"contact_not_found\"\nreason = \"410 agreed with the SDK team\"\n\n[[accept]]\nkind = \"param-removed\"\nreason = \"stale\"\n\n[[accept]]\nkind = \"status-changed\"\nid = \"contact_not_fuond\"\nreason = \"a typo\"\n",
    );
    let accepted = errcat(
        &["diff", "--policy", "errors.diff.toml", "v1.toml", "v2.toml"],
        dir.path(),
    );
    assert_eq!(accepted.status.code(), Some(0), "{}", stderr(&accepted));
    let text = stderr(&accepted);
    assert!(
        text.contains("accepted by the policy: 410 agreed with the SDK team"),
        "{text}"
    );
    assert!(
        text.contains(
            "warning: errors.diff.toml: accepting `param-removed` matched no change; remove it"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "warning: errors.diff.toml: accepting `status-changed` of `contact_not_fuond` matched no change; no entry has the id `contact_not_fuond`: did you mean `contact_not_found`?"
        ),
        "{text}"
    );
    assert!(
        text.ends_with(
            "v1.toml -> v2.toml: 1 breaking (1 accepted), 0 notable, 2 compatible changes\n"
        ),
        "{text}"
    );
    write(
        dir.path(),
        "typo.diff.toml",
        "[impact]\nstatus-change = \"notable\"\n",
    );
    let typo = errcat(
        &["diff", "--policy", "typo.diff.toml", "v1.toml", "v2.toml"],
        dir.path(),
    );
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo)
            .contains("unknown kind of change `status-change`; did you mean `status-changed`?"),
        "{}",
        stderr(&typo)
    );

    // Only compatible changes: the diff passes.
    let reworded = CATALOG_V1.replace("The email is taken", "That email is already in use");
    write(dir.path(), "v3.toml", &reworded);
    let compatible = errcat(&["diff", "v1.toml", "v3.toml"], dir.path());
    assert_eq!(compatible.status.code(), Some(0), "{}", stderr(&compatible));
    assert!(
        stderr(&compatible)
            .ends_with("v1.toml -> v3.toml: 0 breaking, 0 notable, 1 compatible change\n")
    );

    // A broken catalog is refused, not compared.
    write(
        dir.path(),
        "broken.toml",
        "[[errors]]\nid = \"a\"\nmessage = \"{x}\"\n",
    );
    let broken = errcat(&["diff", "v1.toml", "broken.toml"], dir.path());
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).contains(
        "broken.toml has 1 error (`errcat check broken.toml` shows them with its warnings)"
    ));
}

const RETIRING: &str = r#"[catalog]
name = "Contacts"

[[errors]]
id = "contact_archived"
status = 410
message = "The contact is archived"
deprecated = { replacement = "contact_not_found" }
retired = { since = "3.0", note = "Archived contacts are deleted now." }

[[errors]]
id = "contact_not_found"
status = 404
message = "No contact"
"#;

#[test]
fn a_retired_entry_keeps_its_page_is_not_sent_and_reserves_its_code() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "errors.toml", RETIRING);
    let check = errcat(&["check", "errors.toml"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    // Its page says since when; clients and the mock no longer know it.
    let page = markdown_page(dir.path(), &[], "contact_archived");
    assert!(
        page.contains("- Retired: No longer sent since 3.0. Archived contacts are deleted now."),
        "{page}"
    );
    let list = errcat(&["list", "--catalog", "errors.toml"], dir.path());
    assert!(
        stdout(&list).contains("contact_archived   410     The contact is archived (retired)"),
        "{}",
        stdout(&list)
    );
    let rows: serde_json::Value = serde_json::from_str(&stdout(&errcat(
        &["list", "--catalog", "errors.toml", "--json"],
        dir.path(),
    )))
    .unwrap();
    assert_eq!(rows[0]["retired"], true);
    assert_eq!(rows[0]["deprecated"], "use `contact_not_found` instead");
    assert_eq!(rows[1].get("retired"), None);
    let client = errcat(&["gen", "ts", "--catalog", "errors.toml"], dir.path());
    assert!(
        !stdout(&client).contains("contact_archived"),
        "{}",
        stdout(&client)
    );
    let mock = errcat(
        &[
            "mock",
            "--catalog",
            "errors.toml",
            "--route",
            "GET /c/{id}=contact_archived",
        ],
        dir.path(),
    );
    assert_eq!(mock.status.code(), Some(2));
    assert!(
        stderr(&mock).contains("`contact_archived` is retired: it is no longer sent"),
        "{}",
        stderr(&mock)
    );

    // A later entry that sends its code is refused where it says so.
    write(
        dir.path(),
        "reuse.toml",
        &format!(
            "{RETIRING}\n[[errors]]\nid = \"contact_frozen\"\ncode = \"contact_archived\"\nstatus = 423\nmessage = \"Frozen\"\n"
        ),
    );
    let reuse = errcat(&["check", "reuse.toml"], dir.path());
    assert_eq!(reuse.status.code(), Some(1));
    let text = stderr(&reuse);
    assert!(text.contains("error[retired-code-reused]: `contact_frozen` sends code `contact_archived`, which retired `contact_archived` reserves"), "{text}");
    assert!(text.contains("reuse.toml:18:8"), "{text}");
}

#[test]
fn search_forgives_misspellings_and_fails_when_nothing_matches() {
    let dir = tempfile::tempdir().unwrap();
    let found = errcat(&["search", "resorce_not_fuond", "--limit", "2"], dir.path());
    assert_eq!(found.status.code(), Some(0));
    let lines: Vec<String> = stdout(&found).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|line| line.contains("  resource_not_found  404  ")),
        "{lines:?}"
    );

    assert!(
        stderr(&found).starts_with("the best 2 of "),
        "{}",
        stderr(&found)
    );
    assert_eq!(
        errcat(&["search", "e", "--limit", "0"], dir.path())
            .status
            .code(),
        Some(2),
        "a limit of 0 is refused, not read as no match"
    );

    let json = errcat(&["search", "2004", "--json"], dir.path());
    let hits: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(
        (hits[0]["catalog"].as_str(), hits[0]["id"].as_str()),
        (Some("planfix"), Some("2004"))
    );

    let none = errcat(&["search", "zzzqqq"], dir.path());
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(stderr(&none), "no errors match `zzzqqq`\n");

    // A status lists the entries sent with it; joined words find a code.
    let by_status = errcat(&["search", "404", "--json", "--limit", "50"], dir.path());
    let hits: serde_json::Value = serde_json::from_str(&stdout(&by_status)).unwrap();
    let hits = hits.as_array().unwrap();
    assert!(hits.len() > 1, "{hits:?}");
    assert!(hits.len() > 10, "{hits:?}");
    assert!(hits.iter().all(|hit| hit["status"] == 404), "{hits:?}");
    let joined = errcat(&["search", "ratelimit", "--json"], dir.path());
    let hits: serde_json::Value = serde_json::from_str(&stdout(&joined)).unwrap();
    assert!(
        hits[0]["code"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("rate"),
        "{hits}"
    );
}

const HOUSE: &str = r#"[catalog]
name = "Drive"
profile = "graph"

[profiles.graph]
body = '''
{"error": {"code": "{code}", "message": "{message}",
           "innerError": {"request-id": "{request_id}", "date": "{timestamp}"}}}
'''

[[errors]]
id = "itemNotFound"
status = 404
message = "The resource {path} could not be found."
params.path = "string"
"#;

#[test]
fn a_house_profile_is_checked_and_rendered_like_a_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "errors.toml", HOUSE);
    let check = errcat(&["check", "errors.toml"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));

    let render = errcat(
        &[
            "render",
            "itemNotFound",
            "--catalog",
            "errors.toml",
            "--arg",
            "path=/items/42",
        ],
        dir.path(),
    );
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    let body: serde_json::Value = serde_json::from_str(&stdout(&render)).unwrap();
    assert_eq!(body["error"]["code"], "itemNotFound");
    assert_eq!(
        body["error"]["message"],
        "The resource /items/42 could not be found."
    );
    assert!(body["error"]["innerError"]["request-id"].is_string());

    // A misspelled slot is an error pointing at the slot.
    write(
        dir.path(),
        "errors.toml",
        &HOUSE.replace("{message}", "{mesage}"),
    );
    let broken = errcat(&["check", "errors.toml"], dir.path());
    assert_eq!(broken.status.code(), Some(1));
    insta::assert_snapshot!(stderr(&broken));

    // A name that is neither built in nor a house profile.
    write(
        dir.path(),
        "errors.toml",
        &HOUSE.replace("profile = \"graph\"", "profile = \"grahp\""),
    );
    let unknown = errcat(&["check", "errors.toml"], dir.path());
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("unknown profile `grahp` (did you mean `graph`?); known profiles: problem, plunk, clerk, planfix, plain, jsonapi, google, graph"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn a_csv_list_imports_into_a_catalog_that_checks() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "acme-errors.csv",
        "id,code,status,title,message,group,colour\n\
         contact_not_found,2000,404,Contact not found,No contact {id},Contacts,red\n\
         rate_limited,RATE,429,Too many requests,Retry in {seconds} seconds,,\n",
    );
    let import = errcat(
        &[
            "import",
            "--from",
            "csv",
            "acme-errors.csv",
            "--out",
            "errors.toml",
        ],
        dir.path(),
    );
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert_eq!(
        stderr(&import),
        "warning: acme-errors.csv:1: column `colour` is not a catalog key \
         (id, code, status, title, message, summary, description, suggestion, group, retry, internal); its cells are left out\n\
         imported 2 entries from acme-errors.csv into errors.toml\n"
    );
    let catalog = std::fs::read_to_string(dir.path().join("errors.toml")).unwrap();
    assert!(catalog.contains("name = \"acme-errors\""), "{catalog}");
    let check = errcat(&["check", "errors.toml"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let render = errcat(
        &[
            "render",
            "rate_limited",
            "--catalog",
            "errors.toml",
            "--arg",
            "seconds=30",
        ],
        dir.path(),
    );
    let body: serde_json::Value = serde_json::from_str(&stdout(&render)).unwrap();
    assert_eq!(body["detail"], "Retry in 30 seconds");
}

/// The `after_help` string literals of the CLI's sources, unescaped: the
/// examples as their author wrote them.
fn help_examples_in_source() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![src.join("main.rs")];
    let mut commands: Vec<_> = std::fs::read_dir(src.join("commands"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    commands.sort();
    files.extend(commands);
    let mut examples = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let Some(start) = text.find("after_help = \"") else {
            continue;
        };
        let mut literal = String::new();
        let mut chars = text[start + "after_help = \"".len()..].chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => literal.push('\n'),
                    Some(other) => literal.push(other),
                    None => break,
                },
                c => literal.push(c),
            }
        }
        let command = match file.file_stem().unwrap().to_str().unwrap() {
            "main" => String::new(),
            "gen" => "gen".to_owned(),
            stem => stem.to_owned(),
        };
        for line in literal.lines().filter(|line| line.starts_with("  errcat ")) {
            examples.push((command.clone(), line.to_owned()));
        }
    }
    examples
}

/// clap wraps help at the terminal's width, which cut examples mid-argument
/// so they could not be copied; every example line must come out whole.
#[test]
fn help_examples_are_never_wrapped_even_on_a_narrow_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let examples = help_examples_in_source();
    assert!(examples.len() > 30, "found the examples: {examples:?}");
    assert!(examples.iter().any(|(_, line)| line.len() > 60));
    for (command, line) in &examples {
        let mut args: Vec<&str> = Vec::new();
        if !command.is_empty() {
            args.push(command);
        }
        args.push("--help");
        let output = Command::new(env!("CARGO_BIN_EXE_errcat"))
            .args(&args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env("COLUMNS", "60")
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let help = stdout(&output);
        assert!(
            help.lines().any(|shown| shown == line),
            "`errcat {}` does not show this example on one line:\n{line}\n\n{help}",
            args.join(" ")
        );
        // The options are still wrapped to the terminal.
        assert!(
            help.lines()
                .filter(|shown| !shown.starts_with("  errcat ") && !shown.starts_with("  #"))
                .all(|shown| shown.chars().count() <= 60),
            "{help}"
        );
    }
}

#[test]
fn render_names_missing_arguments_and_still_prints_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let output = errcat(&["render", "TEMPLATE_NOT_FOUND"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("{id:q}"), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        "warning: missing argument `id`; messages show its placeholder as written, and a body member or header that sends its value has none; pass --arg id=VALUE\n"
    );
    let two = errcat(&["render", "UnsupportedCountry"], dir.path());
    assert!(
        stderr(&two).contains(
            "missing arguments `countryName`, `support`; messages show their placeholders as written, and a body member or header that sends a value has none; pass --arg countryName=VALUE --arg support=VALUE"
        ),
        "{}",
        stderr(&two)
    );
    let given = errcat(
        &["render", "TEMPLATE_NOT_FOUND", "--arg", "id=tpl_1"],
        dir.path(),
    );
    assert_eq!(stderr(&given), "");
    assert!(stdout(&given).contains("tpl_1"));
    // A body sent as 500 carries no arguments, so none is missing.
    let server = errcat(&["render", "000012"], dir.path());
    assert_eq!(stderr(&server), "");
    let help = errcat(&["render", "--help"], dir.path());
    let help = stdout(&help)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(help.contains("the exit code is 0"), "{help}");
}

#[test]
fn explain_suggests_the_zero_padded_id_with_the_same_number() {
    let dir = tempfile::tempdir().unwrap();
    for (typed, meant) in [("12", "`000012`"), ("0012", "`000012`"), ("37", "`000037`")] {
        let output = errcat(&["explain", typed], dir.path());
        assert_eq!(output.status.code(), Some(2));
        assert_eq!(
            stderr(&output),
            format!("error: no error with id or code `{typed}`; did you mean {meant}?\n")
        );
    }
}

#[test]
fn explain_shows_the_status_an_entry_without_one_is_sent_with() {
    let dir = tempfile::tempdir().unwrap();
    let output = errcat(&["explain", "000012"], dir.path());
    assert!(
        stdout(&output).contains("  status   500 (no status declared; sent as 500)\n"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn list_json_names_the_catalog_and_its_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "errors.toml",
        "[catalog]\nname = \"Acme API\"\n\n[[errors]]\nid = \"gone\"\nstatus = 410\ntitle = \"Gone\"\n",
    );
    let output = errcat(&["list", "--json", "--catalog", "errors.toml"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(rows[0]["catalog"], "errors");
    assert_eq!(rows[0]["catalog_name"], "Acme API");
    assert_eq!(rows[0]["catalog_path"], "errors.toml");
    let builtin = errcat(&["list", "--json"], dir.path());
    let rows: serde_json::Value = serde_json::from_slice(&builtin.stdout).unwrap();
    assert_eq!(rows[0]["catalog_path"], serde_json::Value::Null);
    assert!(rows[0]["catalog_name"].as_str().unwrap().len() > 3);
}

/// The README's CSV example imports a file that exists, without a warning,
/// into a catalog that checks.
#[test]
fn the_readme_csv_example_imports_into_a_catalog_that_checks() {
    let dir = tempfile::tempdir().unwrap();
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/errors.csv");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    assert!(
        readme.contains("errcat import --from csv examples/errors.csv --out errors.toml"),
        "the README shows the committed CSV file"
    );
    let import = errcat(
        &[
            "import",
            "--from",
            "csv",
            csv.to_str().unwrap(),
            "--out",
            "errors.toml",
        ],
        dir.path(),
    );
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
    assert!(!stderr(&import).contains("warning"), "{}", stderr(&import));
    assert!(
        stderr(&import).contains("imported 4 entries"),
        "{}",
        stderr(&import)
    );
    let check = errcat(&["check", "errors.toml"], dir.path());
    assert_eq!(
        stderr(&check),
        "ok: errors.toml (4 entries, 0 errors, 0 warnings)\n"
    );
}

/// Every `errcat ...` line of the README's shell blocks names a real command,
/// and every repository file it mentions exists.
#[test]
fn readme_commands_name_real_commands_and_existing_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut in_shell = false;
    let mut seen = 0;
    for line in readme.lines() {
        if let Some(info) = line.strip_prefix("```") {
            in_shell = !in_shell && info == "sh";
            continue;
        }
        let command = line.split(" #").next().unwrap().trim();
        if !in_shell || !command.starts_with("errcat ") {
            continue;
        }
        seen += 1;
        let words: Vec<&str> = command.split_whitespace().collect();
        let help = errcat(&[words[1], "--help"], dir.path());
        assert!(
            help.status.success(),
            "README: `{command}`: no such command"
        );
        for word in &words[2..] {
            let word = word.trim_matches('\'');
            if ["tests/", "examples/", "catalogs/", "crates/"]
                .iter()
                .any(|prefix| word.starts_with(prefix))
            {
                assert!(
                    root.join(word).exists(),
                    "README: `{command}`: {word} is missing"
                );
            }
        }
    }
    assert!(seen > 15, "found the README's commands: {seen}");
    assert!(readme.contains("cargo install --locked --path crates/errcat-cli"));
    assert!(readme.contains("errcat profiles"));
}

/// `render --grpc` prints the `google.rpc.Status` a tonic service sends, as
/// canonical JSON: the gRPC code, the message, and the AIP-193 details.
#[test]
fn render_grpc_prints_the_status_with_its_code_and_details() {
    let dir = tempfile::tempdir().unwrap();
    let output = errcat(
        &[
            "render",
            "UserNotFound",
            "--grpc",
            "--arg",
            "userID=user_2abc",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let status: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(status["code"], 5, "NOT_FOUND: {status}");
    assert_eq!(status["message"], "No user was found with id user_2abc");
    let info = &status["details"][0];
    assert_eq!(info["@type"], "type.googleapis.com/google.rpc.ErrorInfo");
    assert_eq!(info["reason"], "RESOURCE_NOT_FOUND");
    assert_eq!(info["domain"], "clerk.com", "the docs URL's host");
    let included = errcat(
        &[
            "render",
            "UserNotFound",
            "--grpc",
            "--arg",
            "userID=u",
            "-i",
        ],
        dir.path(),
    );
    assert!(stdout(&included).starts_with("grpc-status: 5 (NOT_FOUND)\nx-request-id: "));
}

/// `explain` shows the gRPC code an entry is sent with, next to its status.
#[test]
fn explain_shows_the_grpc_code_next_to_the_status() {
    let dir = tempfile::tempdir().unwrap();
    let output = errcat(&["explain", "UserNotFound"], dir.path());
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let status = text.find("status").expect("a status line");
    let grpc = text.find("  grpc ").expect("a gRPC code line");
    assert!(grpc > status, "{text}");
    assert!(
        text[grpc..].lines().next().unwrap().contains("NOT_FOUND"),
        "{text}"
    );
}

#[test]
fn a_new_locale_is_checked_located_and_marked_stale_when_the_source_changes() {
    let dir = tempfile::tempdir().unwrap();
    assert!(errcat(&["init", "my-api"], dir.path()).status.success());
    let path = dir.path().join("my-api/errors.toml");
    let starter = std::fs::read_to_string(&path).unwrap();
    // A German translation whose placeholder is misspelled.
    let german = "\n[translations.de.contact_email_taken]\nmessage = \"Ein anderer Kontakt nutzt {emial} schon.\"\n";
    std::fs::write(&path, format!("{starter}{german}")).unwrap();
    let check = errcat(&["check", "my-api/errors.toml"], dir.path());
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let report = stderr(&check);
    let line = starter.lines().count() + 3;
    assert!(
        report.contains(&format!(
            "error[translation-placeholders]: placeholder `{{emial}}` in the `de` message of `contact_email_taken` is not a param of the entry\n   --> my-api/errors.toml:{line}:38"
        )),
        "{report}"
    );
    assert!(
        report.contains("`de` misses 3 of 4 entries; they are sent in `en`"),
        "{report}"
    );
    // `--json` lists the missing entries.
    let json = errcat(&["check", "--json", "my-api/errors.toml"], dir.path());
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let coverage = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["lint"] == "locale-coverage")
        .expect("a coverage row");
    assert_eq!(
        coverage["items"],
        serde_json::json!(["contact_not_found", "validation_failed", "rate_limited"])
    );

    // Fixed, then the English message changes: the French one is stale.
    let reworded = starter.replace(
        "message = \"Another contact already uses {email}.\"",
        "message = \"The email {email} belongs to another contact.\"",
    );
    assert_ne!(reworded, starter, "the starter's message moved");
    std::fs::write(&path, &reworded).unwrap();
    let check = errcat(&["check", "my-api/errors.toml"], dir.path());
    assert_eq!(check.status.code(), Some(0));
    let report = stderr(&check);
    assert!(
        report.contains("warning[translation-stale]: stale: the `en` message of `contact_email_taken` changed since the `fr` translation was written"),
        "{report}"
    );
    assert!(
        report.contains("help: update the translation, then `errcat stamp my-api/errors.toml --locale fr --id contact_email_taken` sets `translated_from = \"title:"),
        "{report}"
    );

    let french = errcat(
        &[
            "render",
            "validation_failed",
            "--catalog",
            "my-api/errors.toml",
            "--locale",
            "fr-CA",
            "--arg",
            "count=1",
            "-i",
        ],
        dir.path(),
    );
    let shown = stdout(&french);
    assert!(shown.contains("content-language: fr\n"), "{shown}");
    assert!(
        shown.contains("\"detail\":\"La requête a 1 champ invalide.\""),
        "{shown}"
    );
    // Arguments a typed constructor would refuse are rendered, with a warning.
    let mistyped = errcat(
        &[
            "render",
            "validation_failed",
            "--catalog",
            "my-api/errors.toml",
            "--arg",
            "count=abc",
            "--arg",
            "cnt=3",
        ],
        dir.path(),
    );
    assert_eq!(mistyped.status.code(), Some(0));
    assert_eq!(
        stderr(&mistyped),
        "warning: `count` is an `int` param; `abc` is not a whole number\n\
         warning: `cnt` is not a param of `validation_failed`; its params: `count`\n"
    );
    let unknown = errcat(
        &[
            "render",
            "validation_failed",
            "--catalog",
            "my-api/errors.toml",
            "--locale",
            "ja",
        ],
        dir.path(),
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("the catalog has no `ja` text; it speaks `en`, `fr`"),
        "{}",
        stderr(&unknown)
    );
    // A tag written with `_` is not a language tag: told how to write it,
    // by render and explain alike.
    for command in ["render", "explain"] {
        let underscored = errcat(
            &[
                command,
                "validation_failed",
                "--catalog",
                "my-api/errors.toml",
                "--locale",
                "fr_FR",
            ],
            dir.path(),
        );
        assert_eq!(underscored.status.code(), Some(2), "{command}");
        assert!(
            stderr(&underscored).contains("language tags join their parts with `-`: write `fr-FR`"),
            "{command}: {}",
            stderr(&underscored)
        );
    }
}

#[test]
fn explain_in_a_locale_shows_the_translation_and_names_what_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let example = include_str!("../../../examples/contacts/errors.toml");
    write(dir.path(), "errors.toml", example);
    let output = errcat(
        &[
            "explain",
            "contact_not_found",
            "--catalog",
            "errors.toml",
            "--locale",
            "fr",
        ],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "contact_not_found — Contact introuvable
=======================================

  catalog  Contacts API (errors)
  code     contact_not_found
  status   404
  grpc     NOT_FOUND
  group    Contacts
  docs     https://docs.contacts.example.com/errors/contact_not_found
  locale   fr (Français)

Title
  Contact introuvable

Message
  Aucun contact avec l'identifiant {id}.

Description
  Le contact n'existe pas, ou a été supprimé.

Resolutions (English, not translated)
  - List contacts with `GET /contacts` and use an id from the answer.

Params
  {id}  int  (e.g. 7)
"
    );
    // A regional tag is matched as `Accept-Language` is, like `render --locale`.
    let regional = errcat(
        &[
            "explain",
            "contact_not_found",
            "--catalog",
            "errors.toml",
            "--locale",
            "fr-CA",
        ],
        dir.path(),
    );
    assert_eq!(stdout(&regional), stdout(&output));
    // The catalog's own locale is its own text, as without `--locale`.
    let own = errcat(
        &[
            "explain",
            "contact_not_found",
            "--catalog",
            "errors.toml",
            "--locale",
            "en",
        ],
        dir.path(),
    );
    let plain = errcat(
        &["explain", "contact_not_found", "--catalog", "errors.toml"],
        dir.path(),
    );
    assert_eq!(stdout(&own), stdout(&plain));

    // A source text changed since the translation was made.
    write(
        dir.path(),
        "changed.toml",
        &example.replace(
            "title = \"Invalid contact\"",
            "title = \"Contact rejected\"",
        ),
    );
    let stale = errcat(
        &[
            "explain",
            "invalid_contact",
            "--catalog",
            "changed.toml",
            "--locale",
            "ru",
        ],
        dir.path(),
    );
    assert!(
        stdout(&stale).contains(
            "\n  This translation may be out of date: the English title changed since it was made.\n\nTitle\n  Некорректный контакт\n"
        ),
        "{}",
        stdout(&stale)
    );
}

#[test]
fn explain_in_a_locale_the_catalog_does_not_speak_names_the_ones_it_does() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "errors.toml",
        include_str!("../../../examples/contacts/errors.toml"),
    );
    let output = errcat(
        &[
            "explain",
            "contact_not_found",
            "--catalog",
            "errors.toml",
            "--locale",
            "de",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: Contacts API (errors) has no `de` text; it speaks `en`, `fr`, `ru`\n"
    );
    assert!(stdout(&output).is_empty());
    // The built-in catalogs speak English only.
    let builtin = errcat(
        &["explain", "UnsupportedCountry", "--locale", "fr"],
        dir.path(),
    );
    assert_eq!(
        stderr(&builtin),
        "error: Clerk Backend API (clerk) has no `fr` text; it speaks `en`\n"
    );
}

#[test]
fn search_finds_translated_text_and_says_its_language() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "errors.toml",
        include_str!("../../../examples/contacts/errors.toml"),
    );
    let output = errcat(
        &["search", "introuvable", "--catalog", "errors.toml"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output).lines().next(),
        Some(
            "errors/contact_not_found  contact_not_found  404  [fr] Contact introuvable — Aucun contact avec l'identifiant {id}."
        )
    );
    // Typed without its accents, French text is found all the same.
    let unaccented = errcat(
        &["search", "deja utilisee", "--catalog", "errors.toml"],
        dir.path(),
    );
    assert!(
        stdout(&unaccented)
            .lines()
            .next()
            .is_some_and(|line| line.contains("[fr] Adresse déjà utilisée")),
        "{}",
        stdout(&unaccented)
    );
}

const AUDITED: &str = r#"[catalog]
name = "Contacts API"

[[errors]]
id = "contact_not_found"
status = 404
title = "Contact not found"
message = "No contact {id}."
params.id = "int"

[[errors]]
id = "ContactEmailTaken"
status = 409
title = "Email already in use"
message = "Taken."

[[errors]]
id = "contact_limit_reached"
status = 403
title = "Contact limit reached"
message = "Full."

[[errors]]
id = "route_not_found"
status = 404
title = "Not found"
message = "Nothing at {path}."
params.path = "string"
params.method = "string"
"#;

const AUDITED_SOURCE: &str = r#"use crate::errors::{self, contact_email_taken};

fn show(id: i64) -> Result<(), errcat::ApiError> {
    // errors::contact_limit_reached() is for later.
    Err(errors::contact_not_found(id))
}

fn create() -> errcat::ApiError {
    contact_email_taken()
}

fn legacy(catalog: &errcat::CompiledCatalog) -> Option<errcat::ApiError> {
    catalog.error("contact_gone")
}

fn misspelled(catalog: &errcat::CompiledCatalog) -> Option<errcat::ApiError> {
    catalog.error("contact_not_fuond")
}
"#;

/// An entry the layer raises and code raises too is counted once, as code's:
/// the summary's counts add up to the entries.
#[test]
fn audit_counts_an_entry_raised_by_code_and_layer_once() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "errors.toml", AUDITED);
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    write(
        dir.path(),
        "src/lib.rs",
        "fn f() { let _ = (errors::contact_not_found(1), errors::contact_email_taken(), errors::contact_limit_reached(), errors::route_not_found(\"/x\", \"GET\")); }\n",
    );
    let audit = errcat(
        &["audit", "--catalog", "errors.toml", "--src", "src"],
        dir.path(),
    );
    assert_eq!(
        stdout(&audit),
        "errors.toml (Contacts API): 4 entries; 4 raised in code, 0 only by errcat's layer (1 Rust file read)\n"
    );
}

#[test]
fn audit_names_entries_no_code_raises_and_ids_the_catalog_lacks() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "errors.toml", AUDITED);
    std::fs::create_dir_all(dir.path().join("src/handlers")).unwrap();
    write(dir.path(), "src/handlers/contacts.rs", AUDITED_SOURCE);
    // Build output is not source.
    std::fs::create_dir_all(dir.path().join("src/target")).unwrap();
    write(
        dir.path(),
        "src/target/gen.rs",
        "fn f() { errors::contact_limit_reached() }",
    );

    let audit = errcat(
        &["audit", "--catalog", "errors.toml", "--src", "src"],
        dir.path(),
    );
    assert_eq!(audit.status.code(), Some(0), "{}", stderr(&audit));
    assert_eq!(
        stdout(&audit),
        "errors.toml (Contacts API): 4 entries; 2 raised in code, 1 only by errcat's layer (1 Rust file read)\n\
         unused: `contact_limit_reached` (errors.toml:18) is declared but no code raises it\n\
         unknown: src/handlers/contacts.rs:13 looks up `contact_gone`, which the catalog does not have\n\
         unknown: src/handlers/contacts.rs:17 looks up `contact_not_fuond`, which the catalog does not have; did you mean `contact_not_found`?\n"
    );

    let denied = errcat(
        &[
            "audit",
            "--catalog",
            "errors.toml",
            "--src",
            "src",
            "--deny",
            "unused",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(denied.status.code(), Some(1));
    assert_eq!(stderr(&denied), "error: denied: 1 unused (--deny)\n");
    let report: serde_json::Value = serde_json::from_str(&stdout(&denied)).unwrap();
    assert_eq!(report["files"], 1);
    assert_eq!(
        report["unused"],
        serde_json::json!([{"id": "contact_limit_reached", "line": 18}])
    );
    assert_eq!(
        report["unknown"],
        serde_json::json!([
            {"id": "contact_gone", "file": "src/handlers/contacts.rs", "line": 13, "via": "lookup"},
            {"id": "contact_not_fuond", "file": "src/handlers/contacts.rs", "line": 17, "via": "lookup", "did_you_mean": "contact_not_found"},
        ])
    );
    assert_eq!(
        report["entries"][0]["raised_at"],
        serde_json::json!([{"file": "src/handlers/contacts.rs", "line": 5}])
    );
    assert_eq!(report["entries"][1]["id"], "ContactEmailTaken");
    assert_eq!(report["entries"][1]["raised_at"][0]["line"], 9);
    assert_eq!(report["entries"][3]["raised_by_layer"], true);
    assert!(
        report.get("unseen").is_none(),
        "no production figures without --prometheus"
    );

    let unknown_denied = errcat(
        &[
            "audit",
            "--catalog",
            "errors.toml",
            "--src",
            "src",
            "--deny",
            "unknown",
        ],
        dir.path(),
    );
    assert_eq!(unknown_denied.status.code(), Some(1));

    let needs_prometheus = errcat(
        &[
            "audit",
            "--catalog",
            "errors.toml",
            "--src",
            "src",
            "--deny",
            "unseen",
        ],
        dir.path(),
    );
    assert_eq!(needs_prometheus.status.code(), Some(2));
    assert!(
        stderr(&needs_prometheus).contains("--deny unseen needs --prometheus"),
        "{}",
        stderr(&needs_prometheus)
    );

    let down = errcat(
        &[
            "audit",
            "--catalog",
            "errors.toml",
            "--src",
            "src",
            "--prometheus",
            "http://127.0.0.1:9",
        ],
        dir.path(),
    );
    assert_eq!(down.status.code(), Some(2));
    assert!(
        stderr(&down).contains("Prometheus at http://127.0.0.1:9 gave no answer"),
        "{}",
        stderr(&down)
    );
}

/// The translation workflow: the English changes, check says the French is
/// stale, the French is brought up to date, and `stamp` marks it so, editing
/// only its `translated_from` line.
#[test]
fn stamp_marks_a_reviewed_translation_current_and_keeps_the_rest_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    assert!(errcat(&["init", "api"], dir.path()).status.success());
    let path = dir.path().join("api/errors.toml");
    let starter = std::fs::read_to_string(&path).unwrap();
    let english = "message = \"No contact with id {id:q} exists in this account.\"";
    assert!(starter.contains(english), "the starter's message moved");
    let changed = starter.replace(
        english,
        "message = \"No contact with the id {id:q} exists in this account.\"",
    ) + "\n[translations.de.contact_not_found]\n# reviewed by Jana\nmessage = \"Kein Kontakt mit der ID {id:q}.\"\n";
    write(dir.path(), "api/errors.toml", &changed);
    let check = errcat(&["check", "api/errors.toml"], dir.path());
    assert!(
        stderr(&check).contains("stale: the `en` message of `contact_not_found` changed")
            && stderr(&check)
                .contains("errcat stamp api/errors.toml --locale fr --id contact_not_found"),
        "{}",
        stderr(&check)
    );

    let nothing_named = errcat(&["stamp", "api/errors.toml"], dir.path());
    assert_eq!(nothing_named.status.code(), Some(2));
    assert!(stderr(&nothing_named).contains("name the translations to stamp"));
    let typo = errcat(
        &["stamp", "api/errors.toml", "--id", "contact_not_fund"],
        dir.path(),
    );
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("did you mean `contact_not_found`?"),
        "{}",
        stderr(&typo)
    );

    let dry = errcat(
        &["stamp", "api/errors.toml", "--locale", "fr", "--dry-run"],
        dir.path(),
    );
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stdout(&dry).starts_with("would stamp fr.contact_not_found (stale: message): "),
        "{}",
        stdout(&dry)
    );
    assert!(stdout(&dry).ends_with("would stamp 1 translation; 3 already current\n"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), changed);

    let stamped = errcat(&["stamp", "api/errors.toml", "--all"], dir.path());
    assert!(stamped.status.success(), "{}", stderr(&stamped));
    assert!(
        stdout(&stamped).contains("stamped de.contact_not_found (had no stamp)"),
        "{}",
        stdout(&stamped)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    let without_stamps = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|line| !line.starts_with("translated_from = "))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        without_stamps(&after),
        without_stamps(&changed),
        "only stamp lines differ"
    );
    assert!(
        after.contains("[translations.de.contact_not_found]\ntranslated_from = \"message:"),
        "the German translation gains its stamp under its header"
    );
    assert_eq!(
        after
            .lines()
            .filter(|l| l.starts_with("translated_from = "))
            .count(),
        changed
            .lines()
            .filter(|l| l.starts_with("translated_from = "))
            .count()
            + 1
    );
    assert!(after.contains("# reviewed by Jana\n"), "comments are kept");
    let clean = errcat(&["check", "api/errors.toml"], dir.path());
    assert!(
        !stderr(&clean).contains("translation-stale"),
        "{}",
        stderr(&clean)
    );
    let again = errcat(&["stamp", "api/errors.toml", "--all"], dir.path());
    assert_eq!(
        stdout(&again),
        "stamped 0 translations; 5 already current\n"
    );
}

/// `stamp` edits only what it stamps, in any way a translation is written:
/// a table, dotted keys, an inline table, in a file with CRLF line endings.
#[test]
fn stamp_writes_each_form_of_translation_and_keeps_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let text = "[catalog]\r\nname = \"Forms\"\r\n\r\n\
        [[errors]]\r\nid = \"a\"\r\nmessage = \"A\"\r\n\r\n\
        [[errors]]\r\nid = \"b\"\r\nmessage = \"B\"\r\n\r\n\
        [[errors]]\r\nid = \"c\"\r\nmessage = \"C\"\r\n\r\n\
        [translations.fr.a]\r\nmessage = \"A fr\"\r\n\r\n\
        [translations.de]\r\n  b.message = \"B de\" # dotted\r\n\
        c = { message = \"C de\" }\r\n";
    write(dir.path(), "forms.toml", text);
    let stamped = errcat(&["stamp", "forms.toml", "--all"], dir.path());
    assert!(stamped.status.success(), "{}", stderr(&stamped));
    assert!(
        stdout(&stamped).ends_with("stamped 3 translations; 0 already current\n"),
        "{}",
        stdout(&stamped)
    );
    let after = std::fs::read_to_string(dir.path().join("forms.toml")).unwrap();
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "CRLF kept: {after:?}"
    );
    assert!(
        after.contains("[translations.fr.a]\r\ntranslated_from = \"message:"),
        "{after:?}"
    );
    assert!(
        after.contains("  b.translated_from = \"message:")
            && after.contains("  b.message = \"B de\" # dotted\r\n"),
        "{after:?}"
    );
    assert!(
        after.contains("c = { translated_from = \"message:")
            && after.contains(", message = \"C de\" }"),
        "{after:?}"
    );
    let check = errcat(&["check", "forms.toml"], dir.path());
    assert!(
        !stderr(&check).contains("translation-stale"),
        "{}",
        stderr(&check)
    );
    let again = errcat(&["stamp", "forms.toml", "--locale", "DE"], dir.path());
    assert_eq!(
        stdout(&again),
        "stamped 0 translations; 2 already current\n",
        "tags are matched without case: {}",
        stderr(&again)
    );
}

#[test]
fn stamp_refuses_a_catalog_check_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "[[errors]]\nid = \"a\"\nmessage = \"A\"\n[translations.fr.a]\nmessage = \"A {nope}\"\n";
    write(dir.path(), "broken.toml", text);
    let stamped = errcat(&["stamp", "broken.toml", "--all"], dir.path());
    assert_eq!(stamped.status.code(), Some(2));
    assert!(
        stderr(&stamped).contains("has errors; fix what `errcat check broken.toml` reports first"),
        "{}",
        stderr(&stamped)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("broken.toml")).unwrap(),
        text
    );
}

/// A catalog is named by its file's name in pages and URLs: two of one name
/// are refused rather than one overwriting the other's pages.
#[test]
fn docs_and_serve_refuse_two_catalogs_of_one_name() {
    let dir = tempfile::tempdir().unwrap();
    for team in ["billing", "contacts"] {
        std::fs::create_dir(dir.path().join(team)).unwrap();
        write(
            dir.path(),
            &format!("{team}/errors.toml"),
            &format!(
                "[catalog]\nname = \"{team}\"\n[[errors]]\nid = \"{team}_failed\"\nstatus = 400\nmessage = \"x\"\n"
            ),
        );
    }
    let docs = errcat(
        &[
            "docs",
            "--catalog",
            "billing/errors.toml",
            "--catalog",
            "contacts/errors.toml",
            "--out",
            "site",
        ],
        dir.path(),
    );
    assert_eq!(docs.status.code(), Some(2));
    assert_eq!(
        stderr(&docs),
        "error: billing/errors.toml and contacts/errors.toml would both be the catalog `errors` in pages and URLs (a catalog is named by its file's name); rename one of the files\n"
    );
    assert!(!dir.path().join("site").exists(), "nothing is written");
    let serve = errcat(
        &[
            "serve",
            "--catalog",
            "billing/errors.toml",
            "--catalog",
            "billing/errors.toml",
        ],
        dir.path(),
    );
    assert_eq!(serve.status.code(), Some(2));
    assert_eq!(
        stderr(&serve),
        "error: billing/errors.toml is given twice\n"
    );
}

/// `errcat docs --bodies own` shows the bodies the API sends, in its own
/// profile only; by default every built-in profile follows, to compare.
#[test]
fn docs_show_only_the_catalog_s_own_bodies_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "errors.toml",
        r#"
[catalog]
profile = "acme"

[profiles.acme]
body = '{"error": {"code": "{code}", "text": "{message}"}}'

[[errors]]
id = "contact_not_found"
status = 404
message = "No contact"
"#,
    );
    let page = |bodies: &str| markdown_page(dir.path(), &["--bodies", bodies], "contact_not_found");
    let own = page("own");
    assert_eq!(own.matches("(HTTP 404)").count(), 1, "{own}");
    assert!(
        own.contains("acme body, as the API sends it (HTTP 404)"),
        "{own}"
    );
    // Every profile: the API's own first and marked, the others folded after it.
    let all = page("all");
    assert!(
        all.contains("acme body, as the API sends it (HTTP 404)")
            && all.contains("<summary>The same error in the problem profile (HTTP 404)</summary>"),
        "{all}"
    );
    assert_eq!(all.matches("acme body").count(), 1, "{all}");
    assert!(all.find("acme body") < all.find("problem profile"), "{all}");
}

/// The Markdown page `errcat docs` (with `flags`) writes for the catalog
/// `errors.toml` in `dir` that mentions `needle`.
fn markdown_page(dir: &Path, flags: &[&str], needle: &str) -> String {
    let out = tempfile::tempdir_in(dir).unwrap();
    let out_path = out.path().to_str().unwrap();
    let mut args = vec![
        "docs",
        "--format",
        "md",
        "--catalog",
        "errors.toml",
        "--out",
        out_path,
    ];
    args.extend_from_slice(flags);
    let docs = errcat(&args, dir);
    assert_eq!(docs.status.code(), Some(0), "{}", stderr(&docs));
    std::fs::read_dir(out.path())
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .find(|page| page.contains(needle))
        .unwrap_or_else(|| panic!("no page mentions {needle}"))
}

/// An input file's request ID a service would not keep, or a timestamp that
/// is no RFC 3339 time, is named in a warning: the preview never changes or
/// sends such a value without a word.
#[test]
fn render_warns_about_input_values_a_service_would_not_send_as_given() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "errors.toml",
        "[[errors]]\nid = \"contact_not_found\"\nstatus = 404\nmessage = \"No contact\"\n",
    );
    write(
        dir.path(),
        "input.json",
        r#"{"request_id": "has space/1", "timestamp": "not a date"}"#,
    );
    let render = errcat(
        &[
            "render",
            "contact_not_found",
            "--catalog",
            "errors.toml",
            "--input",
            "input.json",
        ],
        dir.path(),
    );
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    let warnings = stderr(&render);
    assert!(
        warnings.contains("warning: the request ID \"has space/1\" is not one a service keeps"),
        "{warnings}"
    );
    assert!(
        warnings.contains("warning: the timestamp \"not a date\" is not an RFC 3339 time"),
        "{warnings}"
    );
    let body: serde_json::Value = serde_json::from_str(&stdout(&render)).unwrap();
    assert_ne!(body["request_id"], "has space/1");
}

/// `audit` reads Rust sources: a tree with none, or a file of another
/// language, is refused rather than reported as "every entry unused".
#[test]
fn audit_refuses_sources_it_cannot_read_rather_than_calling_every_entry_unused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "errors.toml",
        "[[errors]]\nid = \"contact_not_found\"\nstatus = 404\nmessage = \"No contact\"\n",
    );
    std::fs::create_dir(dir.path().join("web")).unwrap();
    write(
        dir.path(),
        "web/api.ts",
        "throw errors.contactNotFound();\n",
    );
    let audit = errcat(
        &["audit", "--catalog", "errors.toml", "--src", "web"],
        dir.path(),
    );
    assert_eq!(audit.status.code(), Some(2), "{}", stdout(&audit));
    assert!(
        stderr(&audit).contains("no Rust file (`.rs`) under web"),
        "{}",
        stderr(&audit)
    );
    let audit = errcat(
        &["audit", "--catalog", "errors.toml", "--src", "web/api.ts"],
        dir.path(),
    );
    assert_eq!(audit.status.code(), Some(2));
    assert!(
        stderr(&audit).contains("web/api.ts is not a Rust file"),
        "{}",
        stderr(&audit)
    );
}

/// An example body that does not match what errcat renders fails `check`
/// and the commands that publish examples (`docs`, `openapi`); the commands
/// that only use the catalog say so and go on.
#[test]
fn a_stale_example_stops_what_publishes_it_and_only_warns_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "errors.toml",
        r#"[[errors]]
id = "contact_not_found"
status = 404
message = "No contact"

[[errors.examples]]
profile = "plunk"
body = '{"error": {"code": "contact_not_found", "message": "Old text"}}'
"#,
    );
    let check = errcat(&["check", "errors.toml"], dir.path());
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    for command in [
        vec!["docs", "--catalog", "errors.toml", "--out", "site"],
        vec!["openapi", "--catalog", "errors.toml"],
    ] {
        let refused = errcat(&command, dir.path());
        assert_eq!(refused.status.code(), Some(2), "{command:?}");
    }
    let explain = errcat(
        &["explain", "contact_not_found", "--catalog", "errors.toml"],
        dir.path(),
    );
    assert_eq!(explain.status.code(), Some(0), "{}", stderr(&explain));
    assert!(
        stderr(&explain).contains(
            "warning: errors.toml: example 1 of `contact_not_found` does not match what the plunk profile renders (`errcat check errors.toml` fails on it)"
        ),
        "{}",
        stderr(&explain)
    );
    assert!(stdout(&explain).contains("No contact"));
    let list = errcat(&["list", "--catalog", "errors.toml"], dir.path());
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
}

/// `list` shows the status a service sends, marked when the entry declares
/// none (the catalog's `default_status`, else 500), as `explain` does.
#[test]
fn list_shows_the_status_sent_for_an_entry_that_declares_none() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "errors.toml",
        "[catalog]\ndefault_status = 400\n\n[[errors]]\nid = \"declared\"\nstatus = 404\nmessage = \"A\"\n\n[[errors]]\nid = \"defaulted\"\nmessage = \"B\"\n",
    );
    let list = errcat(&["list", "--catalog", "errors.toml"], dir.path());
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    let table = stdout(&list);
    assert!(table.contains("  404     A"), "{table}");
    assert!(table.contains("  400*    B"), "{table}");
    assert!(
        stderr(&list).contains("* no status declared"),
        "{}",
        stderr(&list)
    );
    let json = errcat(&["list", "--catalog", "errors.toml", "--json"], dir.path());
    let rows: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(rows[1]["status"], serde_json::Value::Null);
    assert_eq!(rows[1]["sent_status"], 400);
}

/// `fr-CA` beside `fr`: `fr-CA` translates one entry of two.
const REGIONAL_CATALOG: &str = include_str!("../../errcat-runtime/fixtures/regional.toml");

#[test]
fn a_regional_locale_previews_what_a_service_sends_for_an_entry_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "errors.toml", REGIONAL_CATALOG);
    // A service asked for `fr-CA` sends `too_many` in `fr`: so do the previews.
    let rendered = errcat(
        &[
            "render",
            "too_many",
            "--catalog",
            "errors.toml",
            "--locale",
            "fr-CA",
            "-i",
        ],
        dir.path(),
    );
    assert!(rendered.status.success(), "{}", stderr(&rendered));
    let text = stdout(&rendered);
    assert!(text.contains("content-language: fr\n"), "{text}");
    assert!(text.contains("Ralentissez."), "{text}");
    let explained = errcat(
        &[
            "explain",
            "too_many",
            "--catalog",
            "errors.toml",
            "--locale",
            "fr-CA",
        ],
        dir.path(),
    );
    assert!(explained.status.success(), "{}", stderr(&explained));
    let text = stdout(&explained);
    assert!(text.contains("Trop de requêtes"), "{text}");
    assert!(!text.contains("not translated"), "{text}");
    // It says which language the text shown is in.
    assert!(text.contains("locale   fr (Français)"), "{text}");
    // And `check` counts nothing missing: `fr` covers what `fr-CA` leaves out.
    let checked = errcat(&["check", "errors.toml"], dir.path());
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(
        !stderr(&checked).contains("locale-coverage"),
        "{}",
        stderr(&checked)
    );
}
