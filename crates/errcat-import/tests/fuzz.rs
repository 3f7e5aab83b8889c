//! Property tests: mutated seed documents never make an importer panic, and
//! whatever it imports passes the catalog's lints, what it left out being
//! reported at a line of the source. (Example bodies are compared by the
//! runtime's full check, which `errcat import` runs before it writes; the CLI
//! tests hold that gate.)
//!
//! `ERRCAT_FUZZ_CASES` sets the number of cases per importer (default 64), so
//! a script can run them longer: `ERRCAT_FUZZ_CASES=5000 cargo test -p errcat-import --test fuzz`.

use std::path::PathBuf;

use errcat_catalog::{SourceFile, parse};
use errcat_import::{Format, import, to_toml};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

fn seed(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/seeds")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn cases() -> u32 {
    std::env::var("ERRCAT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

/// Pieces that mean something to one reader or another.
const PIECES: &[&str] = &[
    "{", "}", "{{", "}}", "{x y}", "{0}", "{1", "<", ">", "<name>", "%d", "%q", "%v", "%", "|",
    "\n", "\n\n", "`", "```", "\"", "\\", "#", "#### ", "• ", " — ", "0", "9", "4010", "999",
    "000037", "[0]", "-", " ", "é", "\t", "[", "]", ":", ",", "{\"", "\"}", "Error", "status",
    "code", "message", "\r\n", "\u{0}", "*", "**", "_",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, String),
    Delete(usize, usize),
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let piece = proptest::collection::vec(proptest::sample::select(PIECES), 1..6)
        .prop_map(|pieces| pieces.concat());
    prop_oneof![
        (any::<usize>(), piece).prop_map(|(at, text)| Mutation::Insert(at, text)),
        (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match mutation {
        Mutation::Insert(at, piece) => {
            let at = floor(text, at % (text.len() + 1));
            format!("{}{piece}{}", &text[..at], &text[at..])
        }
        Mutation::Delete(at, len) => {
            let start = floor(text, at % (text.len() + 1));
            let end = floor(text, start + len);
            format!("{}{}", &text[..start], &text[end..])
        }
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at % lines.len());
            lines.concat()
        }
        Mutation::DuplicateLine(at) if !lines.is_empty() => {
            let at = at % lines.len();
            lines.insert(at, lines[at]);
            lines.concat()
        }
        Mutation::SwapLines(a, b) if !lines.is_empty() => {
            let len = lines.len();
            lines.swap(a % len, b % len);
            lines.concat()
        }
        _ => text.to_owned(),
    }
}

/// The property: no panic (a panic fails the case), and either nothing is
/// imported, or the catalog passes the lints, with every problem at a real line.
fn holds(format: Format, text: &str) -> Result<(), TestCaseError> {
    let Ok(imported) = import(format, text) else {
        return Ok(());
    };
    let lines = text.lines().count().max(1);
    for problem in &imported.unplaced {
        prop_assert!(
            (1..=lines).contains(&problem.line),
            "unplaced at line {} of {lines}: {}",
            problem.line,
            problem.message
        );
    }
    let toml = to_toml(&imported.catalog).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let errors: Vec<_> = errcat_catalog::lint(&parse(SourceFile::new("imported.toml", toml)))
        .into_iter()
        .filter(errcat_catalog::Diagnostic::is_error)
        .collect();
    prop_assert!(errors.is_empty(), "the import fails the lints: {errors:?}");
    Ok(())
}

fn fuzz(format: Format, seed_text: &str) {
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let mutations = proptest::collection::vec(mutation(), 1..8);
    runner
        .run(&mutations, |mutations| {
            let text = mutations
                .iter()
                .fold(seed_text.to_owned(), |text, m| apply(&text, m));
            holds(format, &text)
        })
        .unwrap();
}

#[test]
fn mutated_plain_pages_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Plain, &seed("plain-error-codes.md"));
}

#[test]
fn mutated_clerk_pages_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Clerk, &seed("clerk-backend-api-errors.md"));
}

#[test]
fn mutated_planfix_pages_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Planfix, &seed("planfix-rest-api-error-codes.txt"));
}

#[test]
fn mutated_plunk_pages_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Plunk, &seed("plunk-api-errors.mdx"));
}

#[test]
fn mutated_quapp_pages_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Quapp, &seed("quapp-system-error-codes.txt"));
}

const CSV_SEED: &str = "id,code,status,title,message,group,retry\n\
contact_not_found,,404,Contact not found,No contact {id},contacts,never\n\
rate_limited,429,429,Slow down,Retry in {seconds} s,,safe\n\
\"quoted, id\",x,400,\"A \"\"quoted\"\" title\",,,\n";

const JSON_SEED: &str = r#"{"errors": [
  {"id": "contact_not_found", "status": 404, "title": "Contact not found", "message": "No contact {id}"},
  {"id": "rate_limited", "code": 429, "status": 429, "message": "Retry in {seconds} s", "retry": "safe"},
  {"id": "x", "status": "400", "title": "T", "group": "g"}
]}"#;

#[test]
fn mutated_csv_lists_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Csv, CSV_SEED);
}

#[test]
fn mutated_json_lists_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Json, JSON_SEED);
}

/// A table in Yandex Object Storage's layout, written for the fuzz target
/// (the corpus reference itself stays outside the repository).
const YANDEX_SEED: &str = "# Responses\n\n#|\n|| **HTTP** | **Error code** | **Description** ||\n\
|| 404 | `NoSuchKey` | The key is not in {{ objstorage-name }}. ||\n\
|| 400 | `TooManyBuckets` | The [quota](../limits.md) is reached. [Ask]({{ link-console-quotas }}).<br/><br/>Then retry. ||\n\
|| 412 | `Precondition Failed` | A condition failed.\n\n\n||\n|#\n";

/// A table in Azure Storage's layout, written for the fuzz target.
const AZURE_SEED: &str = "|Error code|HTTP status code|User message|  \n|---|---|---|  \n\
|ConditionNotMet|Not Modified (304)|Not met for a read.|  \n\
|ConditionNotMet|Precondition Failed (412)|Not met for a write.|  \n\
|ServerBusy|Service Unavailable (503)|Busy.|\n|ServerBusy|Service Unavailable (503)|Over the `limit`.|\n\
|EmptyKey|BadRequest (400)|Empty.|  \n";

/// Supabase Storage's two tables, written for the fuzz target.
const SUPABASE_SEED: &str = "| `ErrorCode` | Description | `StatusCode` | Resolution |\n| --- | --- | --- | --- |\n\
| `NoSuchKey` | The key does not exist. | 404 | Check the [key](/docs/keys). |\n\
| `S3Error` | An S3 error. | - | See [S3](https://docs.aws.amazon.com/s3). |\n\n## Legacy error codes\n\n\
### 429 `too many requests`\n\nToo many at once.\n**Resolution:**\n\n- Slow down.\n\n### 544 `database_timeout`\n\nNo connection.\n";

/// PostgREST's grid tables, written for the fuzz target.
const POSTGREST_SEED: &str = "+--------------------------+-------------+--------+\n| PostgreSQL error code(s) | HTTP status | Error  |\n+==========================+=============+========+\n| 23505                    | 409         | unique |\n+--------------------------+-------------+--------+\n\nGroup 1 - Api Request\n~~~~~~~~~~~~~~~~~~~~~\n\n+---------------+-------------+------------------------+\n| Code          | HTTP status | Description            |\n+===============+=============+========================+\n| .. _pgrst100: | 400         | Parsing error, see     |\n|               |             | :ref:`x <y>`, ``a``.   |\n| PGRST100      |             |                        |\n+---------------+-------------+------------------------+\n| .. _pgrst300: | 500         | A `link <https://a.b>`_|\n| PGRST300      |             |                        |\n+---------------+-------------+------------------------+\n";

#[test]
fn mutated_postgrest_pages_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Postgrest, POSTGREST_SEED);
}

/// Microsoft Graph's tables, written for the fuzz target.
const GRAPH_SEED: &str = "| Status code | Status message | Description |\n|:--|:--|:--|\n| 404 | Not Found | Missing. <br /><br /> See [x](/y). |\n\n\
#### Code property\n\n| Code | Description\n|:--|:--\n| **itemNotFound** | The resource could not be found.\n\n\
#### Detailed error codes\n\n| Code | Description\n|:--|:--\n| **itemNotFound** | Not found, in detail.\n| **lockMismatch** | Lock token does not match.\n";

#[test]
fn mutated_microsoft_graph_pages_never_panic_and_import_checked_or_explained() {
    fuzz(Format::MicrosoftGraph, GRAPH_SEED);
}

/// Square's error schemas, written for the fuzz target.
const SQUARE_SEED: &str = r#"{"ErrorCategory": {"x-enum-elements": [{"name": "API_ERROR", "description": "The API failed."}]},
"ErrorCode": {"x-enum-elements": [{"name": "NOT_FOUND", "description": "Not Found - a general error occurred.", "error-category": "API_ERROR"},
{"name": "VALUE_TOO_LONG", "description": "A value is {too} long.", "error-category": "INVALID_REQUEST_ERROR"}]}}"#;

#[test]
fn mutated_square_schemas_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Square, SQUARE_SEED);
}

/// Discord's tables by namespace, written for the fuzz target.
const DISCORD_SEED: &str = "## JSON\n\n###### JSON Error Codes\n\n| Code | Meaning |\n|---|---|\n| 0 | General error |\n| 50035 | Invalid form body |\n\n\
## RPC\n\n###### RPC Close Event Codes\n\n| Code | Name |\n|---|---|\n| 4001 | Invalid [origin](/x) |\n";

#[test]
fn mutated_discord_pages_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Discord, DISCORD_SEED);
}

/// Ory's UI messages, written for the fuzz target.
const ORY_SEED: &str = r#"[
  {"id": 1010001, "text": "Sign in", "type": "info"},
  {"id": 4000003, "text": "length must be >= 5, but got 3", "type": "error", "context": {"actual_length": 3, "min_length": 5}},
  {"id": 4000019, "text": "must be > 5 but found 5", "type": "error", "context": {"actual": 5, "minimum": 5}},
  {"id": 5000001, "text": "{reason}", "type": "error", "context": {"reason": "{reason}"}}
]"#;

#[test]
fn mutated_ory_messages_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Ory, ORY_SEED);
}

/// The Firebase SDK's error source, written for the fuzz target.
const FIREBASE_SEED: &str = "export const enum AuthErrorCode {\n  EMAIL_EXISTS = 'email-already-in-use',\n  ARGUMENT_ERROR = 'argument-error'\n}\n\
function _debugErrorMap(): ErrorMap<AuthErrorCode> {\n  return {\n    [AuthErrorCode.EMAIL_EXISTS]:\n      'In use ' +\n      \"it's {$email}.\",\n    [AuthErrorCode.ARGUMENT_ERROR]: ''\n  };\n}\n\
export const AUTH_ERROR_CODES_MAP_DO_NOT_USE_INTERNALLY = {\n  EMAIL_EXISTS: 'auth/email-already-in-use'\n} as const;\n";

#[test]
fn mutated_firebase_sources_never_panic_and_import_checked_or_explained() {
    fuzz(Format::FirebaseAuth, FIREBASE_SEED);
}

/// Appwrite's error list and constants, written for the fuzz target.
const APPWRITE_SEED: &str = "<?php\nreturn [\n    /** Users */\n    Exception::USER_NOT_FOUND => [\n        'name' => Exception::USER_NOT_FOUND,\n        'description' => 'User \\'%s\\' not found. <a href=\"/x\">Docs</a>',\n        'code' => 404,\n    ],\n\
    Exception::REALTIME_POLICY_VIOLATION => [\n        'description' => 'Status ' . MessageStatus::SCHEDULED . ' bad.',\n        'code' => 1008,\n        'publish' => false,\n    ],\n];\n\
class Exception {\n    public const string USER_NOT_FOUND = 'user_not_found';\n    public const REALTIME_POLICY_VIOLATION = 'REALTIME_POLICY_VIOLATION';\n}\n";

#[test]
fn mutated_appwrite_lists_never_panic_and_import_checked_or_explained() {
    fuzz(Format::Appwrite, APPWRITE_SEED);
}

#[test]
fn mutated_supabase_storage_tables_never_panic_and_import_checked_or_explained() {
    fuzz(Format::SupabaseStorage, SUPABASE_SEED);
    fuzz(Format::SupabaseStorageLegacy, SUPABASE_SEED);
}

#[test]
fn mutated_yandex_storage_tables_never_panic_and_import_checked_or_explained() {
    fuzz(Format::YandexStorage, YANDEX_SEED);
}

#[test]
fn mutated_azure_storage_tables_never_panic_and_import_checked_or_explained() {
    fuzz(Format::AzureStorage, AZURE_SEED);
}

// Regressions the property tests found, each named after what broke.

const QUAPP_MINI: &str = "System Error and Common Messages\nGeneral errors.\nOverview\n\
| Code | Message | Description |\n|---|---|---|\n\
000001 | Param {x y} is } wrong {0} | Bad param |\n\
000002 | Resource Not Found | Missing |\n\
Error Code Details\n\
000001\nMessage\nParam {x y} is } wrong {0}\nDescription\nA param was wrong.\n";

#[test]
fn a_quapp_row_with_stray_braces_keeps_them_as_literal_text() {
    let imported = import(Format::Quapp, QUAPP_MINI).unwrap();
    let entry = imported.catalog.entry("000001").unwrap();
    assert_eq!(
        entry.title.as_deref(),
        Some("Param {{x y}} is }} wrong {0}")
    );
    assert_eq!(
        entry.message.as_deref(),
        Some("Param {{x y}} is }} wrong {0}")
    );
    assert_eq!(entry.params.keys().collect::<Vec<_>>(), ["0"]);
    holds(Format::Quapp, QUAPP_MINI).unwrap();
}

#[test]
fn a_quapp_entry_without_details_is_reported_at_its_overview_row() {
    let imported = import(Format::Quapp, QUAPP_MINI).unwrap();
    assert_eq!(
        imported.unplaced,
        [errcat_import::Unplaced {
            line: 7,
            message: "000002 has no detail block".to_owned()
        }]
    );
}

#[test]
fn a_plunk_status_that_is_not_http_is_reported_at_its_line_and_left_out() {
    let text = seed("plunk-api-errors.mdx").replacen(
        "| `EXTERNAL_SERVICE_ERROR` | 500 ",
        "| `EXTERNAL_SERVICE_ERROR` | 4010 ",
        1,
    );
    let line = text.lines().position(|l| l.contains("| 4010 ")).unwrap() + 1;
    let imported = import(Format::Plunk, &text).unwrap();
    assert_eq!(
        imported.unplaced,
        [errcat_import::Unplaced {
            line,
            message:
                "status 4010 of EXTERNAL_SERVICE_ERROR is not an HTTP status (100-599); left out"
                    .to_owned()
        }]
    );
    assert_eq!(
        imported
            .catalog
            .entry("EXTERNAL_SERVICE_ERROR")
            .unwrap()
            .status,
        None
    );
    holds(Format::Plunk, &text).unwrap();
}

#[test]
fn a_repeated_entry_is_left_out_and_reported_at_its_line() {
    let text = format!("{CSV_SEED}contact_not_found,,404,Again,,,\n");
    let imported = import(Format::Csv, &text).unwrap();
    assert_eq!(
        imported.unplaced,
        [errcat_import::Unplaced {
            line: 5,
            message: "contact_not_found left out: the row at line 2 has the same id".to_owned()
        }]
    );
    assert_eq!(imported.catalog.entries.len(), 3);
    holds(Format::Csv, &text).unwrap();
}
