//! Rendering an error body: errcat against hand-written baselines, same run.
//!
//! Every function builds a 404 with 2 arguments, 2 field errors and a request
//! ID, and serializes the body to bytes. errcat builds its error the way
//! generated constructors do: from the compiled entry of a catalog that
//! lives as long as the program, with no lookup by id.
//! `errcat_house` renders the problem body written as a house profile (data,
//! not code). `errcat_problem_localized` renders the problem body of the same
//! entry in Russian, its message with a plural form and a third argument that
//! chooses it (the language set as the layer sets it from `Accept-Language`).
//!
//! After criterion's figures come paired ratios (errcat against its baseline,
//! batches in turn), first in this process, then the median over several
//! fresh processes: the targets are read from that last table, since where
//! the process's memory lands moves one process's ratios a lot.
//!
//! Where the linker puts the code moves them too, by up to 10% between two
//! builds of the same code, which no number of processes averages out. A
//! change is judged by two builds made by `cargo bench-aligned -p
//! errcat-runtime --bench render` (an alias in `.cargo/config.toml`: every
//! function and jump target aligned), before and after: those agree within
//! about 3%.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use errcat_runtime::{CompiledCatalog, CompiledEntry, Profile, RenderContext, RequestId};
use serde::Serialize;

/// The catalog the runtime's unit tests use too.
const CATALOG: &str = include_str!("../fixtures/contacts.toml");

/// A catalog for the whole run, as generated constructors keep theirs in a `static`.
fn leaked(name: &str, text: String) -> &'static CompiledCatalog {
    let catalog = errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(name, text));
    Box::leak(Box::new(catalog.unwrap()))
}

#[derive(Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    status: u16,
    detail: String,
    code: &'a str,
    request_id: &'a str,
    errors: Vec<FieldItem<'a>>,
    suggestion: &'a str,
    retryable: bool,
}

#[derive(Serialize)]
struct FieldItem<'a> {
    detail: &'a str,
    pointer: String,
    code: &'a str,
}

/// The `google` body (AIP-193) written by hand with serde, as a service
/// without errcat would: the like-for-like baseline of `errcat_google`.
#[derive(Serialize)]
struct GoogleBody<'a> {
    error: GoogleStatus<'a>,
}

#[derive(Serialize)]
struct GoogleStatus<'a> {
    code: u16,
    message: String,
    status: &'a str,
    details: Vec<GoogleDetail<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "@type")]
enum GoogleDetail<'a> {
    #[serde(rename = "type.googleapis.com/google.rpc.ErrorInfo")]
    ErrorInfo {
        reason: &'a str,
        domain: &'a str,
        metadata: BTreeMap<&'a str, &'a str>,
    },
    #[serde(rename = "type.googleapis.com/google.rpc.BadRequest")]
    BadRequest {
        #[serde(rename = "fieldViolations")]
        field_violations: Vec<Violation<'a>>,
    },
    #[serde(rename = "type.googleapis.com/google.rpc.Help")]
    Help { links: Vec<Link<'a>> },
    #[serde(rename = "type.googleapis.com/google.rpc.RequestInfo")]
    RequestInfo {
        #[serde(rename = "requestId")]
        request_id: &'a str,
    },
    #[serde(rename = "type.googleapis.com/google.rpc.LocalizedMessage")]
    LocalizedMessage { locale: &'a str, message: String },
}

#[derive(Serialize)]
struct Violation<'a> {
    field: &'a str,
    description: &'a str,
    reason: String,
}

#[derive(Serialize)]
struct Link<'a> {
    description: &'a str,
    url: &'a str,
}

/// The bench catalog with the entry's message in Russian, with a plural.
fn localized_catalog_text() -> String {
    let english = "message = \"No contact {id:q} in list {list}\"";
    assert!(CATALOG.contains(english), "the fixture's message moved");
    CATALOG.replace(
        english,
        "message = \"No contact {id:q} in list {list} of {count, plural, one {# contact} other {# contacts}}\"\nparams.count = \"int\"",
    ) + "\n[translations.ru.contact_not_found]\ntitle = \"Контакт не найден\"\nmessage = \"Нет контакта {id:q} в списке {list} из {count, plural, one {# контакта} few {# контактов} many {# контактов} other {# контакта}}\"\n"
}

fn bench_render(c: &mut Criterion) {
    let catalog = leaked("bench.toml", CATALOG.to_owned());
    let request_id = RequestId::from_inbound("f47ac10b-58cc-4372-a567-0e02b2c3d479").unwrap();
    let context = RenderContext {
        timestamp: Some("2025-11-30T10:30:00.000Z"),
        instance: None,
    };
    let entry: &'static CompiledEntry = catalog.entry("contact_not_found").unwrap();
    let parsed = errcat_runtime::catalog::parse(errcat_runtime::catalog::SourceFile::new(
        "bench.toml",
        CATALOG,
    ));
    let house = Profile::resolve("house", &parsed.catalog).unwrap();
    // Built as generated constructors build it, inside each measured call.
    let error = || {
        errcat_runtime::ApiError::from_static(black_box(entry))
            .arg("id", black_box("c_42"))
            .arg("list", black_box("vip"))
            .field("email", "Invalid email", Some("invalid_string"))
            .field("name", "Required", Some("required"))
            .with_request_id(request_id.clone())
    };
    let localized_catalog = leaked("bench-localized.toml", localized_catalog_text());
    let localized_entry: &'static CompiledEntry =
        localized_catalog.entry("contact_not_found").unwrap();
    let localized_error = || {
        errcat_runtime::ApiError::from_static(black_box(localized_entry))
            .arg("id", black_box("c_42"))
            .arg("list", black_box("vip"))
            .arg("count", black_box(5))
            .field("email", "Invalid email", Some("invalid_string"))
            .field("name", "Required", Some("required"))
            .with_request_id(request_id.clone())
            .in_locale(black_box("ru"))
    };
    let localized = || Profile::PROBLEM.render(&localized_error(), &context).body;
    let errcat = |profile: Profile| move || profile.render(&error(), &context).body;
    let mut group = c.benchmark_group("render_error");
    group.bench_function("errcat_problem_localized", |b| {
        b.iter(|| black_box(localized()))
    });

    let profiles: Vec<(String, Profile)> = Profile::built_in()
        .iter()
        .map(|profile| (format!("errcat_{}", profile.name()), *profile))
        .chain([("errcat_house".to_owned(), house)])
        .collect();
    for (name, profile) in &profiles {
        let render = errcat(*profile);
        group.bench_function(name, |b| b.iter(|| black_box(render())));
    }

    group.bench_function("json_macro", |b| {
        b.iter(|| {
            let (id, list) = (black_box("c_42"), black_box("vip"));
            let body = serde_json::json!({
                "type": "https://docs.example.com/errors/contact_not_found",
                "title": "Contact not found",
                "status": 404,
                "detail": format!("No contact \"{id}\" in list {list}"),
                "code": "contact_not_found",
                "request_id": request_id.as_str(),
                "errors": [
                    {"detail": "Invalid email", "pointer": "#/email", "code": "invalid_string"},
                    {"detail": "Required", "pointer": "#/name", "code": "required"},
                ],
                "suggestion": "Check the contact id.",
                "retryable": false,
            });
            black_box(serde_json::to_vec(&body).unwrap())
        })
    });

    let serde_struct = || {
        let (id, list) = (black_box("c_42"), black_box("vip"));
        let body = Problem {
            kind: "https://docs.example.com/errors/contact_not_found",
            title: "Contact not found",
            status: 404,
            detail: format!("No contact \"{id}\" in list {list}"),
            code: "contact_not_found",
            request_id: request_id.as_str(),
            errors: vec![
                FieldItem {
                    detail: "Invalid email",
                    pointer: "#/email".to_owned(),
                    code: "invalid_string",
                },
                FieldItem {
                    detail: "Required",
                    pointer: "#/name".to_owned(),
                    code: "required",
                },
            ],
            suggestion: "Check the contact id.",
            retryable: false,
        };
        serde_json::to_vec(&body).unwrap()
    };
    group.bench_function("serde_struct", |b| b.iter(|| black_box(serde_struct())));

    let google_by_hand = |id: &str, list: &str| {
        let message = format!("No contact \"{id}\" in list {list}");
        let body = GoogleBody {
            error: GoogleStatus {
                code: 404,
                message: message.clone(),
                status: "NOT_FOUND",
                details: vec![
                    GoogleDetail::ErrorInfo {
                        reason: "CONTACT_NOT_FOUND",
                        domain: "contacts.example.com",
                        metadata: BTreeMap::from([("id", id), ("list", list)]),
                    },
                    GoogleDetail::BadRequest {
                        field_violations: vec![
                            Violation {
                                field: "email",
                                description: "Invalid email",
                                reason: "invalid_string".to_uppercase(),
                            },
                            Violation {
                                field: "name",
                                description: "Required",
                                reason: "required".to_uppercase(),
                            },
                        ],
                    },
                    GoogleDetail::Help {
                        links: vec![Link {
                            description: "The reference page of this error",
                            url: "https://docs.example.com/errors/contact_not_found",
                        }],
                    },
                    GoogleDetail::RequestInfo {
                        request_id: request_id.as_str(),
                    },
                    GoogleDetail::LocalizedMessage {
                        locale: "en",
                        message,
                    },
                ],
            },
        };
        serde_json::to_vec(&body).unwrap()
    };
    // The baseline sends the very body errcat sends.
    let errcat_google = Profile::GOOGLE.render(&error(), &context).body;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&errcat_google).unwrap(),
        serde_json::from_slice::<serde_json::Value>(&google_by_hand("c_42", "vip")).unwrap(),
    );
    group.bench_function("serde_struct_google", |b| {
        b.iter(|| black_box(google_by_hand(black_box("c_42"), black_box("vip"))))
    });

    group.bench_function("http_api_problem", |b| {
        b.iter(|| {
            let (id, list) = (black_box("c_42"), black_box("vip"));
            let problem = http_api_problem::HttpApiProblem::new(
                http_api_problem::StatusCode::NOT_FOUND,
            )
            .type_url("https://docs.example.com/errors/contact_not_found")
            .title("Contact not found")
            .detail(format!("No contact \"{id}\" in list {list}"))
            .value("code", &"contact_not_found")
            .value("request_id", &request_id.as_str())
            .value(
                "errors",
                &serde_json::json!([
                    {"detail": "Invalid email", "pointer": "#/email", "code": "invalid_string"},
                    {"detail": "Required", "pointer": "#/name", "code": "required"},
                ]),
            )
            .value("suggestion", &"Check the contact id.")
            .value("retryable", &false);
            black_box(problem.json_bytes())
        })
    });
    group.finish();
    if std::env::args().any(|arg| arg.starts_with("--profile-time")) {
        // Profiling one function (`--profile-time`): the paired ratios
        // would run every function again.
        return;
    }

    // Criterion measures one function after another, so drift on a busy
    // machine lands on one side of a ratio. Batches of the two sides taken
    // in turn put it on both: these are the ratios the targets are read from.
    let pairs: Vec<(&str, &str, Ratio)> = std::iter::once((
        "errcat_problem_localized",
        "errcat_problem",
        paired(localized, errcat(Profile::PROBLEM)),
    ))
    .chain(profiles.iter().map(|(name, profile)| {
        (
            name.as_str(),
            "serde_struct",
            paired(errcat(*profile), serde_struct),
        )
    }))
    // The same body by hand: the google body is twice the problem body.
    .chain(std::iter::once((
        "errcat_google",
        "serde_struct_google",
        paired(errcat(Profile::GOOGLE), || {
            google_by_hand(black_box("c_42"), black_box("vip"))
        }),
    )))
    .collect();
    if in_layout_sample() {
        for (name, baseline, ratio) in &pairs {
            println!("{SAMPLE_LINE} {name} {baseline} {}", ratio.median);
        }
        return;
    }
    println!("render_error, paired: median of alternating batches (middle half)");
    for (name, baseline, ratio) in &pairs {
        println!(
            "  {name:<26} {:.3}x {baseline} ({:.3}-{:.3})",
            ratio.median, ratio.low, ratio.high
        );
    }
    if full_run() {
        across_layouts();
    }
}

/// Set in the processes [`across_layouts`] starts.
const LAYOUT_SAMPLE: &str = "ERRCAT_RENDER_LAYOUT_SAMPLE";
/// How such a process reports a pair's ratio: `<prefix> name baseline ratio`.
const SAMPLE_LINE: &str = "layout-sample";
/// How many processes sample the layout.
const LAYOUT_SAMPLES: usize = 15;

/// A measuring run (`cargo bench`), not criterion's `--list` or `--test`.
fn full_run() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|arg| arg == "--bench")
        && !args.iter().any(|arg| arg == "--list" || arg == "--test")
}

fn in_layout_sample() -> bool {
    std::env::var_os(LAYOUT_SAMPLE).is_some()
}

/// The paired ratios again, each in a fresh process, and their median.
///
/// Where the heap, the stack and the code land (address randomization)
/// moves these ratios by up to a quarter from one process to the next on a
/// small VM, more than any change measured here: one process is one draw.
/// The median over several processes is what a change is judged by.
fn across_layouts() {
    let exe = std::env::current_exe().expect("the bench's own path");
    let mut samples: Vec<((String, String), Vec<f64>)> = Vec::new();
    for _ in 0..LAYOUT_SAMPLES {
        // A filter no benchmark matches: the process runs the pairs only.
        let output = std::process::Command::new(&exe)
            .args(["--bench", "^$"])
            .env(LAYOUT_SAMPLE, "1")
            .output()
            .expect("the bench runs again");
        assert!(
            output.status.success(),
            "a layout sample failed: {}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let mut words = line.split_whitespace();
            if words.next() != Some(SAMPLE_LINE) {
                continue;
            }
            let (Some(name), Some(baseline), Some(Ok(ratio))) =
                (words.next(), words.next(), words.next().map(str::parse))
            else {
                continue;
            };
            let key = (name.to_owned(), baseline.to_owned());
            match samples.iter_mut().find(|(pair, _)| *pair == key) {
                Some((_, ratios)) => ratios.push(ratio),
                None => samples.push((key, vec![ratio])),
            }
        }
    }
    assert!(!samples.is_empty(), "the layout samples reported no ratio");
    println!(
        "render_error, paired, across {LAYOUT_SAMPLES} processes: median of the processes' medians (lowest-highest)"
    );
    for ((name, baseline), mut ratios) in samples {
        assert_eq!(
            ratios.len(),
            LAYOUT_SAMPLES,
            "every process reports every pair"
        );
        ratios.sort_by(f64::total_cmp);
        println!(
            "  {name:<26} {:.3}x {baseline} ({:.3}-{:.3})",
            ratios[ratios.len() / 2],
            ratios[0],
            ratios[ratios.len() - 1]
        );
    }
}

/// A paired ratio of two functions' times: its median and middle half.
struct Ratio {
    median: f64,
    low: f64,
    high: f64,
}

/// The time of `a` over the time of `b`, from batches of each taken in turn
/// (the order flipping every round, so neither always runs second).
fn paired(a: impl Fn() -> Vec<u8>, b: impl Fn() -> Vec<u8>) -> Ratio {
    let (rounds, batch) = if full_run() { (201, 2_000) } else { (3, 10) };
    let time = |f: &dyn Fn() -> Vec<u8>| {
        let started = std::time::Instant::now();
        for _ in 0..batch {
            black_box(f());
        }
        started.elapsed().as_secs_f64()
    };
    time(&a);
    time(&b);
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|round| {
            if round % 2 == 0 {
                let a = time(&a);
                a / time(&b)
            } else {
                let b = time(&b);
                time(&a) / b
            }
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    Ratio {
        median: ratios[ratios.len() / 2],
        low: ratios[ratios.len() / 4],
        high: ratios[ratios.len() * 3 / 4],
    }
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
