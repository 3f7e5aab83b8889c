//! House profiles under hostile input: field names, argument lists and
//! bodies a client or a careless catalog can send. Each test is named after
//! what broke before ("Hostile input").

use errcat_runtime::catalog::SourceFile;
use errcat_runtime::{ApiError, CompiledCatalog, RenderContext};
use serde_json::Value;

/// Discord's form errors: a field map whose member lists the field's errors.
const DISCORD: &str = r#"
[catalog]
name = "Discord"
profile = "discord"

[profiles.discord]
body = '{"code": "{code}", "errors": {"{field.name}": {"_errors": [{"code": "{field.code}", "message": "{field.message}"}]}}, "message": "{message}"}'

[[errors]]
id = "invalid_form_body"
code = 50035
status = 400
message = "Invalid Form Body {detail}"
params.detail = "string"
"#;

fn discord() -> CompiledCatalog {
    errcat_runtime::compile(SourceFile::new("discord.toml", DISCORD)).unwrap()
}

fn render(catalog: &CompiledCatalog, error: &ApiError) -> Value {
    let rendered = catalog.profile().render(error, &RenderContext::default());
    serde_json::from_slice(&rendered.body).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&rendered.body[..rendered.body.len().min(400)])
        )
    })
}

/// Every string under an `_errors` list, with the path of keys to it joined by dots.
fn listed(value: &Value, path: &mut Vec<String>, found: &mut Vec<(String, String)>) {
    if let Value::Object(members) = value {
        for (key, member) in members {
            if key == "_errors" {
                for item in member.as_array().expect("a list") {
                    let message = item["message"].as_str().unwrap().to_owned();
                    found.push((path.join("."), message));
                }
            } else {
                path.push(key.clone());
                listed(member, path, found);
                path.pop();
            }
        }
    }
}

#[test]
fn a_field_name_of_30000_dots_renders_without_overflowing_the_stack() {
    let catalog = discord();
    let field = ".".repeat(30_000);
    let error = catalog
        .error("invalid_form_body")
        .unwrap()
        .field(field.clone(), "deep", Some("x"));
    let body = render(&catalog, &error);
    let mut found = Vec::new();
    listed(&body["errors"], &mut Vec::new(), &mut found);
    assert_eq!(found, [(field, "deep".to_owned())], "nothing lost");
}

#[test]
fn a_catalog_example_with_a_30000_dot_field_is_checked_without_overflowing_the_stack() {
    let field = "a.".repeat(15_000);
    let catalog = format!(
        "{DISCORD}\n[[errors.examples]]\nbody = '{{}}'\ninput.fields = [{{ field = \"{field}\", message = \"m\" }}]\n"
    );
    let result = errcat_runtime::compile(SourceFile::new("deep.toml", catalog));
    let Err(error) = result else {
        panic!("the example does not match")
    };
    assert!(error.to_string().contains("does not match"), "{error}");
}

#[test]
fn a_hundred_thousand_fields_in_a_field_map_each_render_once() {
    let catalog = discord();
    let mut error = catalog.error("invalid_form_body").unwrap();
    let fields: Vec<(String, String)> = (0..100_000)
        .map(|i| {
            // Half at the top, half in one object: long lists of siblings.
            let field = if i % 2 == 0 {
                format!("f{i}")
            } else {
                format!("g.h{i}")
            };
            (field, format!("m{i}"))
        })
        .collect();
    error = error.fields(
        fields
            .iter()
            .map(|(field, message)| errcat_runtime::error::FieldError {
                field: field.clone().into(),
                message: message.clone().into(),
                code: None,
            }),
    );
    let body = render(&catalog, &error);
    let mut found = Vec::new();
    listed(&body["errors"], &mut Vec::new(), &mut found);
    found.sort();
    let mut expected = fields;
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn a_hundred_thousand_args_keep_the_last_value_of_each_name() {
    let catalog = discord();
    let mut error = catalog.error("invalid_form_body").unwrap();
    for i in 0..100_000 {
        error.set_arg(format!("a{}", i % 50_000), i);
    }
    error.set_arg("detail", "first");
    error.set_arg("detail", "last");
    assert_eq!(error.args().count(), 50_001);
    assert_eq!(
        error.arg_value("a7"),
        Some(&errcat_runtime::ArgValue::Int(50_007))
    );
    assert_eq!(
        error.arg_value("a49999"),
        Some(&errcat_runtime::ArgValue::Int(99_999))
    );
    // Order of first setting is kept.
    let names: Vec<&str> = error.args().take(3).map(|(name, _)| name).collect();
    assert_eq!(names, ["a0", "a1", "a2"]);
    assert_eq!(
        render(&catalog, &error)["message"],
        "Invalid Form Body last"
    );
}

fn compile_profile(body: &str) -> Result<CompiledCatalog, String> {
    let catalog = format!(
        "[catalog]\nname = \"T\"\nprofile = \"house\"\n\n[profiles.house]\nbody = '''{body}'''\n\n[[errors]]\nid = \"bad\"\nstatus = 400\nmessage = \"Bad\"\n"
    );
    errcat_runtime::compile(SourceFile::new("t.toml", catalog)).map_err(|e| e.to_string())
}

#[test]
fn a_field_map_whose_member_cannot_hold_nested_fields_is_rejected() {
    // With fields `a`, `a.b` and the request's (``), a member that is one
    // error has no room for `a.b` beside `a`'s own error: it used to drop two.
    for body in [
        r#"{"code": "{code}", "errors": {"{field.name}": "{field.message}"}}"#,
        r#"{"code": "{code}", "errors": {"{field.name}": {"why": "{field.message}"}}}"#,
        r#"{"code": "{code}", "errors": {"{field.name}": {"name": "{field.name}", "_errors": [{"m": "{field.message}"}]}}}"#,
    ] {
        let error = compile_profile(body).expect_err(body);
        assert!(error.contains("field map"), "{error}");
    }
}

#[test]
fn a_field_map_inside_an_array_is_rejected() {
    let body = r#"{"code": "{code}", "errors": [{"{field.name}": {"_errors": [{"m": "{field.message}"}]}}]}"#;
    let error = compile_profile(body).expect_err("a field map in an array");
    assert!(error.contains("inside an array"), "{error}");
}

#[test]
fn a_duplicate_key_in_a_house_body_is_rejected() {
    let body = r#"{"code": "{code}", "message": "{message}", "code": "{id}"}"#;
    let error = compile_profile(body).expect_err("a duplicate key");
    assert!(error.contains("duplicate key `code`"), "{error}");
}

#[test]
fn a_field_with_its_own_errors_nested_fields_and_the_request_s_errors_loses_none() {
    let catalog = discord();
    let error = catalog
        .error("invalid_form_body")
        .unwrap()
        .field("a", "ma", None)
        .field("a.b", "mab", None)
        .field("", "root", None)
        .field("a", "ma2", None);
    let body = render(&catalog, &error);
    assert_eq!(
        body["errors"].to_string(),
        r#"{"_errors":[{"message":"root"}],"a":{"_errors":[{"message":"ma"},{"message":"ma2"}],"b":{"_errors":[{"message":"mab"}]}}}"#
    );
}

#[test]
fn a_field_segment_named_like_the_list_key_does_not_collide_with_it() {
    let catalog = discord();
    let error = catalog
        .error("invalid_form_body")
        .unwrap()
        .field("", "root", None)
        .field("_errors", "named _errors", None)
        .field("_errors~", "named _errors~", None)
        .field("a._errors", "a's _errors", None);
    let rendered = catalog
        .profile()
        .render(&error, &RenderContext::default())
        .body;
    let text = String::from_utf8(rendered).unwrap();
    assert!(
        text.contains(concat!(
            r#""errors":{"_errors":[{"message":"root"}],"_errors~":{"_errors":[{"message":"named _errors"}]},"#,
            r#""_errors~~":{"_errors":[{"message":"named _errors~"}]},"a":{"_errors~":{"_errors":[{"message":"a's _errors"}]}}}"#
        )),
        "{text}"
    );
}

#[test]
fn a_field_path_deeper_than_32_levels_keeps_its_rest_as_one_key() {
    let catalog = discord();
    let segments: Vec<String> = (0..40).map(|i| format!("s{i}")).collect();
    let field = segments.join(".");
    let error = catalog
        .error("invalid_form_body")
        .unwrap()
        .field(field.clone(), "deep", None);
    let mut node = &render(&catalog, &error)["errors"];
    for segment in &segments[..31] {
        node = &node[segment.as_str()];
    }
    assert_eq!(
        node[segments[31..].join(".")]["_errors"][0]["message"],
        "deep"
    );
}

/// Cases per property: `ERRCAT_FUZZ_CASES` (64 by default; CI may raise it).
fn fuzz_config() -> proptest::test_runner::Config {
    let cases = std::env::var("ERRCAT_FUZZ_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(64);
    proptest::test_runner::Config::with_cases(cases)
}

/// A key of the map back to its path segment: `_errors~` is the field `_errors`.
fn unescape(key: &str) -> &str {
    match key.strip_suffix('~') {
        Some(base) if base.trim_end_matches('~') == "_errors" => base,
        _ => key,
    }
}

proptest::proptest! {
    #![proptest_config(fuzz_config())]

    /// Whatever the field names (dots, empty segments, the list's own key,
    /// repeats), each field error is in the body once, under its own path.
    #[test]
    fn every_field_error_appears_once_in_a_field_map(
        names in proptest::collection::vec("((a|b|_errors|_errors~)?\\.){0,4}(a|b|_errors)?", 0..12)
    ) {
        let catalog = discord();
        let mut error = catalog.error("invalid_form_body").unwrap();
        for (index, name) in names.iter().enumerate() {
            error = error.field(name.clone(), format!("m{index}"), None);
        }
        let body = render(&catalog, &error);
        let mut found = Vec::new();
        listed(body.get("errors").unwrap_or(&Value::Null), &mut Vec::new(), &mut found);
        let mut found: Vec<(String, String)> = found
            .into_iter()
            .map(|(path, message)| {
                let path: Vec<&str> = path.split('.').map(unescape).collect();
                (path.join("."), message)
            })
            .collect();
        found.sort_by(|a, b| a.1.cmp(&b.1));
        let mut expected: Vec<(String, String)> = names
            .iter()
            .enumerate()
            .map(|(index, name)| (name.clone(), format!("m{index}")))
            .collect();
        expected.sort_by(|a, b| a.1.cmp(&b.1));
        proptest::prop_assert_eq!(found, expected);
    }
}

/// A catalog whose one error has a suggestion and an argument that may be
/// empty, to wrap an XML house body.
fn xml_catalog(body: &str) -> Result<CompiledCatalog, String> {
    let catalog = format!(
        "[catalog]\nname = \"S\"\nprofile = \"s\"\n\n[profiles.s]\nbody = '''{body}'''\n\n[[errors]]\nid = \"e\"\nstatus = 404\nmessage = \"Not found\"\nsuggestion = \"Check it.\"\nparams.ns = \"string\"\n"
    );
    errcat_runtime::compile(SourceFile::new("s.toml", catalog)).map_err(|e| e.to_string())
}

fn render_xml(catalog: &CompiledCatalog, error: &ApiError) -> String {
    let rendered = catalog.profile().render(error, &RenderContext::default());
    String::from_utf8(rendered.body).expect("UTF-8")
}

#[test]
fn fifty_thousand_prefixed_attributes_under_thirty_declarations_render() {
    // Each attribute's prefix was looked for in every declaration around it
    // and every attribute of its own element: minutes at this size, as a
    // compile reads the body several times.
    let n = 50_000;
    let open: String = (0..30)
        .map(|i| format!("<e{i} xmlns:p{i}=\"u:{i}\">"))
        .collect();
    let close: String = (0..30).rev().map(|i| format!("</e{i}>")).collect();
    let attributes: String = (0..n).map(|j| format!(" p{}:a{j}=\"1\"", j % 30)).collect();
    let catalog = xml_catalog(&format!(
        "<Error><Code>{{code}}</Code>{open}<p0:x{attributes}/>{close}</Error>"
    ))
    .unwrap();
    let body = render_xml(&catalog, &catalog.error("e").unwrap());
    assert_eq!(body.matches("=\"1\"").count(), n);
    assert!(body.starts_with("<Error><Code>e</Code><e0 xmlns:p0=\"u:0\">"));
}

#[test]
fn fifty_thousand_prefixes_declared_on_the_root_each_used_by_a_child_render() {
    // Each child's prefix was looked for in every declaration of the root:
    // minutes at this size.
    let n = 50_000;
    let declarations: String = (0..n).map(|i| format!(" xmlns:p{i}=\"u:{i}\"")).collect();
    let children: String = (0..n)
        .map(|i| format!("<p{i}:x>{{code}}</p{i}:x>"))
        .collect();
    let catalog = xml_catalog(&format!("<E{declarations}>{children}</E>")).unwrap();
    let body = render_xml(&catalog, &catalog.error("e").unwrap());
    assert_eq!(body.matches(":x>e</p").count(), n);
    assert_eq!(body.matches(" xmlns:p").count(), n);
}

#[test]
fn a_namespace_declaration_with_a_slot_is_refused_where_it_could_leave_a_prefix_unbound() {
    // `<Error xmlns:p="{suggestion}">` was sent as `<Error><p:Code>` without
    // a suggestion (an unbound prefix), and `xmlns:p="{arg.ns}"` as
    // `xmlns:p=""` with an empty argument: no namespace-aware reader takes either.
    for (body, message) in [
        (
            "<Error xmlns:p=\"{suggestion}\"><p:Code>{code}</p:Code><Message>{message}</Message></Error>",
            "the namespace declaration `xmlns:p` holds the slot `{suggestion}`",
        ),
        (
            "<Error xmlns:p=\"{arg.ns}\"><p:Code>{code}</p:Code></Error>",
            "the namespace declaration `xmlns:p` holds the slot `{arg.ns}`",
        ),
        (
            "<Error xmlns=\"{arg.ns}\"><Code>{code}</Code></Error>",
            "the namespace declaration `xmlns` holds the slot `{arg.ns}`",
        ),
        (
            "<Error xmlns:p=\"\"><p:Code>{code}</p:Code></Error>",
            "declares the prefix `p` empty",
        ),
    ] {
        let error = xml_catalog(body).expect_err(body);
        assert!(error.contains(message), "{body}: {error}");
    }
    // Written literally, the namespaces are sent as written.
    let catalog = xml_catalog(
        "<Error xmlns:p=\"urn:p\" xmlns=\"urn:e\"><p:Code>{code}</p:Code><Hint>{suggestion}</Hint></Error>",
    )
    .unwrap();
    assert_eq!(
        render_xml(&catalog, &catalog.error("e").unwrap()),
        "<Error xmlns:p=\"urn:p\" xmlns=\"urn:e\"><p:Code>e</p:Code><Hint>Check it.</Hint></Error>"
    );
}

/// Why a namespace-aware reader (expat, ElementTree) would refuse `body`:
/// a prefix used where no declaration binds it, a prefix declared empty, or
/// one attribute written twice under two prefixes of one namespace.
fn namespace_problem(body: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(body);
    // Per open element, the prefixes it binds.
    let mut scopes: Vec<Vec<(String, String)>> = Vec::new();
    loop {
        let (start, empty) = match reader.read_event() {
            Ok(Event::Start(start)) => (start, false),
            Ok(Event::Empty(start)) => (start, true),
            Ok(Event::End(_)) => {
                scopes.pop();
                continue;
            }
            Ok(Event::Eof) => return None,
            Ok(_) => continue,
            Err(error) => return Some(error.to_string()),
        };
        let attributes: Vec<(String, String)> = start
            .attributes()
            .map(|attribute| {
                let attribute = attribute.unwrap();
                let key = String::from_utf8(attribute.key.as_ref().to_vec()).unwrap();
                (key, attribute.unescape_value().unwrap().into_owned())
            })
            .collect();
        let mut scope = Vec::new();
        for (key, value) in &attributes {
            if let Some(prefix) = key.strip_prefix("xmlns:") {
                if value.is_empty() {
                    return Some(format!("`{key}` is empty"));
                }
                scope.push((prefix.to_owned(), value.clone()));
            }
        }
        scopes.push(scope);
        let resolve = |name: &str| -> Result<Option<String>, String> {
            let Some((prefix, local)) = name.split_once(':') else {
                return Ok(None);
            };
            if prefix == "xml" {
                return Ok(Some(format!("xml {local}")));
            }
            scopes
                .iter()
                .rev()
                .flatten()
                .find(|(bound, _)| bound == prefix)
                .map(|(_, namespace)| Some(format!("{namespace} {local}")))
                .ok_or_else(|| format!("`{name}`: the prefix `{prefix}` is unbound"))
        };
        let name = String::from_utf8(start.name().as_ref().to_vec()).unwrap();
        if let Err(problem) = resolve(&name) {
            return Some(problem);
        }
        let mut seen = std::collections::HashSet::new();
        for (key, _) in &attributes {
            if key.starts_with("xmlns") {
                continue;
            }
            match resolve(key) {
                Err(problem) => return Some(problem),
                Ok(Some(expanded)) if !seen.insert(expanded.clone()) => {
                    return Some(format!("the attribute {expanded} twice"));
                }
                Ok(_) => {}
            }
        }
        if empty {
            scopes.pop();
        }
    }
}

proptest::proptest! {
    #![proptest_config(fuzz_config())]

    /// Whatever namespace declarations, with or without slots, and
    /// prefixed names a body holds, it either fails `check` or every body
    /// rendered from it is one a namespace-aware reader takes, whether the
    /// slots have values, empty values or none.
    #[test]
    fn an_xml_body_that_checks_never_renders_an_unbound_or_empty_prefix(
        declarations in proptest::collection::vec(proptest::sample::select(vec![
            " xmlns:p=\"urn:p\"",
            " xmlns:q=\"urn:p\"",
            " xmlns:p=\"{suggestion}\"",
            " xmlns:p=\"{arg.ns}\"",
            " xmlns:p=\"urn:{arg.ns}\"",
            " xmlns:p=\"{arg.ns|null}\"",
            " xmlns:p=\"\"",
            " xmlns=\"{arg.ns}\"",
            " xmlns=\"\"",
            " p:r=\"{arg.ns}\"",
        ]), 0..3),
        children in proptest::collection::vec(proptest::sample::select(vec![
            "<p:Code>{code}</p:Code>",
            "<C1 p:a=\"{arg.ns}\"/>",
            "<C2 q:a=\"1\" p:a=\"2\"/>",
            "<D xmlns:p=\"{suggestion}\"><p:X>{code}</p:X></D>",
            "<F xmlns:p=\"urn:f\"><p:X>{message}</p:X></F>",
            "<G xmlns:q=\"{arg.ns}\"/>",
            "<H>{arg.ns}</H>",
        ]), 0..4),
    ) {
        // Each attribute and each child once: a body that repeats one is
        // refused before namespaces matter.
        let mut attribute_names = std::collections::HashSet::new();
        let declarations: String = declarations
            .into_iter()
            .filter(|declaration| attribute_names.insert(declaration.split('=').next()))
            .collect();
        let mut element_names = std::collections::HashSet::new();
        let children: String = children
            .into_iter()
            .filter(|child| element_names.insert(child.split(['>', ' ']).next()))
            .collect();
        let body = format!("<Error{declarations}>{children}</Error>");
        if let Ok(catalog) = xml_catalog(&body) {
            for ns in [None, Some(""), Some("urn:a")] {
                let mut error = catalog.error("e").unwrap();
                if let Some(ns) = ns {
                    error = error.arg("ns", ns);
                }
                let rendered = render_xml(&catalog, &error);
                proptest::prop_assert_eq!(namespace_problem(&rendered), None, "{} from {}", rendered, body);
            }
        }
    }
}
