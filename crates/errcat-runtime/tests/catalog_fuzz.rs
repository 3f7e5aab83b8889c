//! Property tests over hostile catalogs and templates, seeded from the five
//! catalogs in `catalogs/`: parsing and checking never panic and answer with
//! located diagnostics; a parsed template prints back to itself.
//!
//! `ERRCAT_FUZZ_CASES` sets the number of cases per property (default 64), so
//! a script can run them longer: `ERRCAT_FUZZ_CASES=5000 cargo test -p errcat-runtime --test catalog_fuzz`.
//! They live in the runtime because the whole check (lints, then the runtime
//! checks) is the runtime's.

use std::path::PathBuf;

use errcat_runtime::catalog::diagnostic::{RenderOptions, render};
use errcat_runtime::catalog::template::Segment;
use errcat_runtime::catalog::{SourceFile, Template, parse};
use errcat_runtime::{check, diagnose};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

fn cases() -> u32 {
    std::env::var("ERRCAT_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

fn seeds() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../catalogs");
    ["clerk", "plain", "planfix", "plunk", "quapp"]
        .into_iter()
        .map(|name| std::fs::read_to_string(dir.join(format!("{name}.toml"))).unwrap())
        .collect()
}

/// Pieces that mean something to TOML, to templates or to the lints.
const PIECES: &[&str] = &[
    "{",
    "}",
    "{{",
    "}}",
    "{x}",
    "{0}",
    "{id:q}",
    "{x:z}",
    "{ }",
    "[",
    "]",
    "[[errors]]",
    "[errors.params]",
    "[catalog]",
    "[[groups]]",
    "[profiles.x]",
    "=",
    " = ",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "\\",
    "\\u{",
    "\n",
    "\r\n",
    "\t",
    "#",
    ",",
    ".",
    "id = ",
    "status = ",
    "code = ",
    "message = ",
    "title = ",
    "params.",
    "retry = ",
    "group = ",
    "range = [1, 0]",
    "999",
    "0",
    "-1",
    "4010",
    "1e400",
    "é",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "true",
    "inf",
    "nan",
    "x",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, String),
    Delete(usize, usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let piece = proptest::collection::vec(proptest::sample::select(PIECES), 1..6)
        .prop_map(|pieces| pieces.concat());
    prop_oneof![
        3 => (any::<usize>(), piece).prop_map(|(at, text)| Mutation::Insert(at, text)),
        2 => (any::<usize>(), 1..40usize).prop_map(|(at, len)| Mutation::Delete(at, len)),
        1 => any::<usize>().prop_map(Mutation::DuplicateLine),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
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

/// Parsing and checking answer with diagnostics that point into the source
/// and render; `check` fails exactly when one of them is an error.
fn checks_or_explains(text: &str) -> Result<(), TestCaseError> {
    let parsed = parse(SourceFile::new("fuzz.toml", text));
    let diagnostics = diagnose(&parsed);
    for diagnostic in &diagnostics {
        if let Some(span) = &diagnostic.span {
            prop_assert!(
                span.start <= span.end && span.end <= text.len(),
                "{}: span {span:?} outside a source of {} bytes",
                diagnostic.lint,
                text.len()
            );
        }
        prop_assert!(!diagnostic.message.is_empty());
    }
    let _ = render(&parsed.source, &diagnostics, RenderOptions::default());
    let has_errors = diagnostics.iter().any(|d| d.is_error());
    match check(parsed) {
        Ok(_) => prop_assert!(!has_errors),
        Err(report) => {
            prop_assert!(has_errors && report.has_errors());
            prop_assert!(!report.to_string().is_empty());
        }
    }
    Ok(())
}

#[test]
fn mutated_catalogs_never_panic_and_answer_with_located_diagnostics() {
    let seeds = seeds();
    let strategy = (0..seeds.len(), proptest::collection::vec(mutation(), 1..10));
    runner()
        .run(&strategy, |(seed, mutations)| {
            let text = mutations
                .iter()
                .fold(seeds[seed].clone(), |t, m| apply(&t, m));
            checks_or_explains(&text)
        })
        .unwrap();
}

#[test]
fn arbitrary_text_as_a_catalog_never_panics() {
    runner()
        .run(&any::<String>(), |text| checks_or_explains(&text))
        .unwrap();
}

/// The text of every title and message in the seed catalogs.
fn seed_templates() -> Vec<String> {
    seeds()
        .iter()
        .flat_map(|text| {
            parse(SourceFile::new("seed.toml", text.as_str()))
                .catalog
                .entries
        })
        .flat_map(|entry| [entry.title, entry.message])
        .flatten()
        .collect()
}

/// A template that parses prints back to text that parses to the same
/// segments; one that does not names a span inside its text.
fn prints_back(source: &str) -> Result<(), TestCaseError> {
    match Template::parse(source) {
        Ok(template) => {
            let _ = template.render_unfilled();
            let printed = template.to_string();
            let reparsed = Template::parse(&printed)
                .map_err(|e| TestCaseError::fail(format!("{printed:?} does not parse: {e}")))?;
            prop_assert_eq!(
                shape(&reparsed),
                shape(&template),
                "printed as {:?}",
                printed
            );
            prop_assert_eq!(reparsed.to_string(), printed);
        }
        Err(error) => {
            let span = error.span();
            prop_assert!(span.start <= span.end && span.end <= source.len());
            prop_assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end));
        }
    }
    Ok(())
}

/// Segments without spans (printing may move placeholders).
fn shape(template: &Template) -> Vec<String> {
    template
        .segments()
        .iter()
        .map(|segment| match segment {
            Segment::Literal(text) => format!("text {text:?}"),
            Segment::Placeholder(p) => format!("{{{}:{:?}}}", p.name, p.spec),
            Segment::Number(p) => format!("#{}", p.name),
            Segment::Choice(choice) => {
                let arms: Vec<String> = choice
                    .arms
                    .iter()
                    .map(|arm| format!("{} {:?}", arm.key, shape(&arm.template)))
                    .collect();
                format!(
                    "{{{}, {}: {}}}",
                    choice.placeholder.name,
                    choice.kind.keyword(),
                    arms.join(", ")
                )
            }
        })
        .collect()
}

#[test]
fn mutated_seed_templates_never_panic_and_print_back() {
    let templates = seed_templates();
    assert!(templates.len() > 400, "{} seed templates", templates.len());
    let strategy = (
        0..templates.len(),
        proptest::collection::vec(mutation(), 1..6),
    );
    runner()
        .run(&strategy, |(seed, mutations)| {
            let text = mutations
                .iter()
                .fold(templates[seed].clone(), |t, m| apply(&t, m));
            prints_back(&text)
        })
        .unwrap();
}

#[test]
fn arbitrary_strings_as_templates_never_panic_and_print_back() {
    runner()
        .run(&any::<String>(), |text| prints_back(&text))
        .unwrap();
    runner()
        .run(&"[{}a-z0-9:_ q\\\\]{0,64}", |text| prints_back(&text))
        .unwrap();
    // Plural and select forms, with multibyte text around the syntax.
    runner()
        .run(
            &"([{}a-zé0-9:_ ,#=]|plural|select|other|one|=1){0,48}",
            |text| prints_back(&text),
        )
        .unwrap();
}
