//! The corpus vendors' catalogs in `catalogs/corpus/`, made by `errcat
//! import` from each vendor's own reference (`--from yandex-storage`,
//! `--from azure-storage`): every entry the reference counts is there, the
//! traps it holds are handled, and the bodies it documents render byte for
//! byte (where the reference is inconsistent, the test says how).

use std::collections::HashSet;
use std::path::PathBuf;

use errcat_runtime::{CompiledCatalog, RenderContext, RequestId};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn compiled(file: &str) -> CompiledCatalog {
    let path = root().join("catalogs/corpus").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = errcat_runtime::catalog::parse(errcat_runtime::catalog::SourceFile::new(
        path.display().to_string(),
        text,
    ));
    assert_eq!(parsed.diagnostics, [], "{file} reads cleanly");
    CompiledCatalog::new(&errcat_runtime::check(parsed).expect("the catalog checks")).unwrap()
}

/// The body `id` renders in the catalog's own profile, and the status.
fn body(
    catalog: &CompiledCatalog,
    id: &str,
    request_id: &str,
    instance: Option<&str>,
) -> (u16, String) {
    let error = catalog
        .error(id)
        .unwrap()
        .with_request_id(RequestId::from_inbound(request_id).unwrap());
    let context = RenderContext {
        instance,
        ..RenderContext::default()
    };
    let rendered = catalog.profile().render(&error, &context);
    (
        rendered.status.as_u16(),
        String::from_utf8(rendered.body).unwrap(),
    )
}

#[test]
fn yandex_object_storage_has_its_66_codes_and_answers_in_s3_s_xml() {
    let yandex = compiled("yandex-object-storage.toml");
    assert_eq!(yandex.entries().len(), 66, "the INDEX counts 66");
    // The documented body, byte for byte, but for its message: the example
    // says "The resource you requested does not exist" where the table (the
    // catalog's source) says NoSuchKey means "The specified key does not
    // exist.".
    let documented =
        std::fs::read_to_string(root().join("tests/data/corpus/yandex-object-storage-error.xml"))
            .unwrap();
    let (status, ours) = body(
        &yandex,
        "NoSuchKey",
        "4442587FB7D0A2F9",
        Some("/mybucket/myfoto.jpg"),
    );
    assert_eq!(status, 404);
    assert_eq!(
        ours,
        documented.replace(
            "The resource you requested does not exist",
            "The specified key does not exist."
        )
    );
    // `{{ objstorage-name }}` is a docs build variable, not a placeholder.
    for entry in yandex.entries() {
        let message = entry.entry.message.as_deref().unwrap_or_default();
        assert!(
            !message.contains("{{") && !message.contains("objstorage"),
            "{}: {message}",
            entry.id()
        );
    }
    let (_, internal) = body(&yandex, "InternalError", "r-1", None);
    assert!(
        internal
            .contains("<Message>Internal error in Object Storage. Repeat the request.</Message>"),
        "{internal}"
    );
    // A code with a space stays the wire code.
    let (status, precondition) = body(&yandex, "PreconditionFailed", "r-2", None);
    assert_eq!(status, 412);
    assert!(
        precondition.contains("<Code>Precondition Failed</Code>"),
        "{precondition}"
    );
    assert_eq!(
        yandex.profile().request_id_header().as_str(),
        "x-amz-request-id",
        "the header S3 clients read the request ID from"
    );
}

#[test]
fn azure_storage_has_its_49_rows_and_42_codes_one_entry_per_row() {
    let azure = compiled("azure-storage.toml");
    assert_eq!(azure.entries().len(), 49, "the INDEX counts 49 rows");
    let codes: HashSet<String> = azure.entries().iter().map(|e| e.code.to_string()).collect();
    assert_eq!(codes.len(), 42, "and 42 distinct codes");
    let statuses = |code: &str| -> Vec<(String, u16)> {
        azure
            .entries()
            .iter()
            .filter(|e| e.code.to_string() == code)
            .map(|e| (e.id().to_owned(), e.status.as_u16()))
            .collect()
    };
    // The same code with two statuses: an entry for each.
    assert_eq!(
        statuses("ConditionNotMet"),
        [
            ("ConditionNotMet_304".to_owned(), 304),
            ("ConditionNotMet_412".to_owned(), 412)
        ]
    );
    assert_eq!(
        statuses("InvalidAuthenticationInfo"),
        [
            ("InvalidAuthenticationInfo_401".to_owned(), 401),
            ("InvalidAuthenticationInfo_400".to_owned(), 400)
        ]
    );
    // The same code and status with four messages: four entries, one wire code.
    assert_eq!(
        statuses("ServerBusy")
            .iter()
            .map(|(id, status)| (id.as_str(), *status))
            .collect::<Vec<_>>(),
        [
            ("ServerBusy_1", 503),
            ("ServerBusy_2", 503),
            ("ServerBusy_3", 503),
            ("ServerBusy_4", 503)
        ]
    );
    // `BadRequest (400)` and `Bad Request (400)` are the same status.
    assert_eq!(statuses("ConditionHeadersNotSupported")[0].1, 400);
    assert_eq!(statuses("EmptyMetadataKey")[0].1, 400);
    // The page shows no body; the INDEX describes Azure's as
    // `<Error><Code/><Message/></Error>`, which the profile sends.
    let (status, ours) = body(&azure, "ResourceNotFound", "r-3", Some("/container/blob"));
    assert_eq!(status, 404);
    assert_eq!(
        ours,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Error>\n  <Code>ResourceNotFound</Code>\n  <Message>The specified resource does not exist.</Message>\n</Error>\n"
    );
    assert_eq!(
        azure.profile().request_id_header().as_str(),
        "x-ms-request-id"
    );
}

/// A JSON body as text with its members in order, for comparing member order.
fn keys_in_order(body: &str) -> Vec<String> {
    let value: serde_json::Value = serde_json::from_str(body).unwrap();
    value.as_object().unwrap().keys().cloned().collect()
}

#[test]
fn supabase_storage_has_its_32_codes_and_6_legacy_ones_each_in_its_body() {
    let current = compiled("supabase-storage.toml");
    let legacy = compiled("supabase-storage-legacy.toml");
    assert_eq!(
        (current.entries().len(), legacy.entries().len()),
        (32, 6),
        "the INDEX counts 32 + 6"
    );
    // The reference shows each body with placeholder values ("error_code"):
    // the members, their order and their JSON types are what is compared.
    let documented =
        |file: &str| std::fs::read_to_string(root().join("tests/data/corpus").join(file)).unwrap();
    let (status, ours) = body(&current, "NoSuchBucket", "r-4", None);
    assert_eq!(status, 404);
    assert_eq!(
        ours,
        r#"{"code":"NoSuchBucket","message":"The specified bucket does not exist."}"#
    );
    assert_eq!(
        keys_in_order(&ours),
        keys_in_order(&documented("supabase-storage-error.json"))
    );
    let (status, ours) = body(&legacy, "not_found", "r-5", None);
    assert_eq!(status, 404);
    assert_eq!(
        keys_in_order(&ours),
        keys_in_order(&documented("supabase-storage-legacy-error.json"))
    );
    assert!(
        ours.starts_with(r#"{"httpStatusCode":404,"#),
        "a number, as documented: {ours}"
    );
    // `S3Error`'s status is `-` in the reference: the catalog's default, 500.
    assert_eq!(body(&current, "S3Error", "r-6", None).0, 500);
    // The non-standard 544 is kept, on the wire and in the body.
    let (status, ours) = body(&legacy, "database_timeout", "r-7", None);
    assert_eq!(status, 544);
    assert!(
        ours.starts_with(r#"{"httpStatusCode":544,"code":"database_timeout","#),
        "{ours}"
    );
    // A code with spaces stays the wire code.
    let (status, ours) = body(&legacy, "too_many_requests", "r-8", None);
    assert_eq!(status, 429);
    assert!(ours.contains(r#""code":"too many requests""#), "{ours}");
}

#[test]
fn postgrest_has_its_39_codes_and_keeps_the_sqlstate_map() {
    let postgrest = compiled("postgrest.toml");
    assert_eq!(
        postgrest.entries().len(),
        39,
        "the INDEX counts 39 PGRST codes"
    );
    let catalog = postgrest.catalog();
    // The second code system on the page, PostgreSQL's classes with
    // wildcards and a conditional status, is the catalog's description.
    let description = catalog.catalog.description.as_deref().unwrap();
    let mapped = description
        .lines()
        .filter(|line| {
            line.starts_with("| ")
                && !line.starts_with("| PostgreSQL")
                && !line.starts_with("| other")
        })
        .count();
    assert_eq!(mapped, 29, "the INDEX's 29 SQLSTATE rows");
    assert!(
        description.contains("| other | 400 |"),
        "and the row for every other code"
    );
    assert!(
        description
            .contains("| 42501 | if authenticated 403, else 401 | insufficient privileges |")
    );
    // The documented PostgreSQL body (`tests/data/corpus/postgrest-not-null-error.json`)
    // orders its members code, details, hint, message, as PostgREST sends
    // them; the page's PGRST202 example lists hint, details, code, message
    // and is missing a comma (not JSON), and its RAISE example has yet
    // another order: the first, valid one is the one reproduced.
    let documented =
        std::fs::read_to_string(root().join("tests/data/corpus/postgrest-not-null-error.json"))
            .unwrap();
    let (status, ours) = body(&postgrest, "PGRST202", "r-9", None);
    assert_eq!(status, 404);
    assert_eq!(keys_in_order(&ours), keys_in_order(&documented));
    assert_eq!(
        ours,
        r#"{"code":"PGRST202","details":null,"hint":null,"message":"Caused by a stale function signature, otherwise the function may not exist in the database."}"#
    );
    // A code with a letter in it, and the status 300.
    assert_eq!(body(&postgrest, "PGRSTX00", "r-10", None).0, 500);
    assert_eq!(body(&postgrest, "PGRST201", "r-11", None).0, 300);
    let groups: Vec<&str> = catalog.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        groups,
        [
            "connection",
            "api_request",
            "schema_cache",
            "jwt",
            "internal"
        ]
    );
}

/// Member names in order, all the way down (values ignored).
fn outline(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(members) => {
            let inner: Vec<String> = members
                .iter()
                .map(|(key, member)| format!("{key}:{}", outline(member)))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        serde_json::Value::String(_) => "string".to_owned(),
        other => other.to_string(),
    }
}

#[test]
fn microsoft_graph_has_its_17_codes_45_detailed_ones_and_23_statuses() {
    let graph = compiled("microsoft-graph.toml");
    let catalog = graph.catalog();
    let in_group = |group: &str| {
        catalog
            .entries
            .iter()
            .filter(|e| e.group.as_deref() == Some(group))
            .count()
    };
    assert_eq!(
        (in_group("code"), in_group("detailed")),
        (17, 45),
        "the INDEX counts 17 + 45"
    );
    assert_eq!(
        catalog.catalog.statuses.len(),
        23,
        "and 23 status rows, kept apart"
    );
    // Two codes in both tables, with different text: two entries, one wire code.
    for code in ["resyncRequired", "serviceNotAvailable"] {
        let both: Vec<&str> = catalog
            .entries
            .iter()
            .filter(|e| e.code.as_ref().is_some_and(|c| c.to_string() == code))
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(both, [code.to_owned(), format!("{code}_detailed")]);
    }
    // The documented body holds placeholders ("request-id", "date-time"),
    // and its message is the detailed `fragmentOverlap`'s text under the
    // top-level `invalidRange` code: members, order and types are compared,
    // and the code.
    let documented: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/corpus/microsoft-graph-error.json"))
            .unwrap(),
    )
    .unwrap();
    let (status, ours) = body(&graph, "invalidRange", "r-12", None);
    assert_eq!(
        status, 400,
        "no status is documented: the catalog's default"
    );
    let ours: serde_json::Value = serde_json::from_str(&ours).unwrap();
    assert_eq!(outline(&ours), outline(&documented));
    assert_eq!(ours["error"]["code"], documented["error"]["code"]);
    let (_, overlap) = body(&graph, "fragmentOverlap", "r-13", None);
    assert!(
        overlap.contains(&format!("\"message\":{}", documented["error"]["message"])),
        "{overlap}"
    );
}

#[test]
fn square_has_its_153_codes_in_8_categories_and_square_s_errors_list() {
    let square = compiled("square.toml");
    let catalog = square.catalog();
    assert_eq!(
        (catalog.entries.len(), catalog.groups.len()),
        (153, 8),
        "the INDEX counts 153 codes, 8 categories"
    );
    // Statuses: named by a reason phrase, else the category's.
    let status = |id: &str| catalog.entries.iter().find(|e| e.id == id).unwrap().status;
    assert_eq!(
        status("NOT_FOUND"),
        Some(404),
        "\"Not Found - a general error occurred.\""
    );
    assert_eq!(
        status("RATE_LIMITED"),
        Some(429),
        "\"Rate Limited - ...\", a phrase `http` no longer uses"
    );
    assert_eq!(status("UNAUTHORIZED"), Some(401), "AUTHENTICATION_ERROR");
    assert_eq!(status("CARD_DECLINED"), Some(402), "PAYMENT_METHOD_ERROR");
    assert_eq!(status("INVALID_VALUE"), Some(400), "INVALID_REQUEST_ERROR");
    // The shape the spec's examples show (the excerpt holds none): an
    // `errors` list, one item per field, category, code, detail, field.
    let error = square
        .error("INVALID_VALUE")
        .unwrap()
        .field("scheduled-shifts.scheduled-shift-2", "Invalid shift.", None)
        .with_request_id(RequestId::from_inbound("r-14").unwrap());
    let rendered = square.profile().render(&error, &RenderContext::default());
    assert_eq!(
        String::from_utf8(rendered.body).unwrap(),
        r#"{"errors":[{"category":"INVALID_REQUEST_ERROR","code":"INVALID_VALUE","detail":"Invalid shift.","field":"scheduled-shifts.scheduled-shift-2"}]}"#
    );
    // A field's own code wins, and an error without fields sends its
    // message as the detail (`{field.code|code}`, `{field.message|message}`).
    let error = square.error("INVALID_VALUE").unwrap().field(
        "start_at",
        "Required.",
        Some("MISSING_REQUIRED_PARAMETER"),
    );
    let rendered = square.profile().render(&error, &RenderContext::default());
    let body: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
    assert_eq!(body["errors"][0]["code"], "MISSING_REQUIRED_PARAMETER");
    let error = square.error("RATE_LIMITED").unwrap();
    let rendered = square.profile().render(&error, &RenderContext::default());
    let body: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
    let detail = body["errors"][0]["detail"].as_str().unwrap_or_default();
    assert!(!detail.is_empty(), "{body}");
    assert_eq!(body["errors"][0]["category"], "RATE_LIMIT_ERROR");
}

#[test]
fn discord_has_its_240_json_codes_and_keeps_the_namespaces_that_reuse_numbers_apart() {
    let discord = compiled("discord.toml");
    let catalog = discord.catalog();
    assert_eq!(
        catalog.entries.len(),
        240,
        "the INDEX counts 240 JSON error codes"
    );
    // 4001 is a gateway, a voice and an RPC close code: none is an HTTP
    // error, so no entry has it; each namespace's table is in the description.
    assert!(
        catalog
            .entries
            .iter()
            .all(|e| e.code.as_ref().unwrap().to_string() != "4001")
    );
    let description = catalog.catalog.description.as_deref().unwrap();
    let rows_of = |title: &str| {
        let table = description
            .split(&format!("{title}:\n\n"))
            .nth(1)
            .unwrap_or_default();
        table
            .lines()
            .take_while(|line| line.starts_with('|'))
            .count()
            - 2
    };
    assert_eq!(
        [
            rows_of("Gateway Close Event Codes"),
            rows_of("Voice Close Event Codes"),
            rows_of("RPC Error Codes"),
            rows_of("RPC Close Event Codes")
        ],
        [14, 16, 16, 6],
        "the INDEX's close and RPC codes, each in its own table"
    );
    for title in [
        "Gateway Close Event Codes",
        "Voice Close Event Codes",
        "RPC Close Event Codes",
    ] {
        let table = description.split(&format!("{title}:\n\n")).nth(1).unwrap();
        assert!(table.contains("\n| 4001 |"), "4001 in {title}");
    }
    // The documented form errors, byte for byte (member order included),
    // but for the message: the table describes 50035 as "Invalid form body
    // (returned for both ...)", the examples send "Invalid Form Body".
    let documented = |file: &str| -> serde_json::Value {
        serde_json::from_str(
            &std::fs::read_to_string(root().join("tests/data/corpus").join(file)).unwrap(),
        )
        .unwrap()
    };
    let render = |error: errcat_runtime::ApiError| -> serde_json::Value {
        let rendered = discord.profile().render(
            &error.with_request_id(RequestId::from_inbound("r-15").unwrap()),
            &RenderContext::default(),
        );
        serde_json::from_slice(&rendered.body).unwrap()
    };
    let object_error = discord.error("50035").unwrap().field(
        "access_token",
        "This field is required",
        Some("BASE_TYPE_REQUIRED"),
    );
    let mut expected = documented("discord-object-error.json");
    expected["message"] = catalog
        .entries
        .iter()
        .find(|e| e.id == "50035")
        .unwrap()
        .message
        .clone()
        .into();
    assert_eq!(
        serde_json::to_string_pretty(&render(object_error)).unwrap(),
        serde_json::to_string_pretty(&expected).unwrap()
    );
    // The page's other examples order their members otherwise (`message`
    // before `code` for 50014; `message` before `errors` for a request
    // error): the same members, in the order of the two form examples above.
    let (status, ours) = body(&discord, "50014", "r-16", None);
    assert_eq!(
        status, 400,
        "no status is named per code: the catalog's default"
    );
    // And the table's text for 50014 adds "provided" to the example's message.
    assert_eq!(
        ours,
        r#"{"code":50014,"message":"Invalid authentication token provided"}"#
    );
}

#[test]
fn ory_kratos_has_its_74_error_messages_as_ui_text_objects() {
    let ory = compiled("ory-kratos.toml");
    assert_eq!(
        ory.entries().len(),
        74,
        "the INDEX counts 74 messages of type error"
    );
    // The documented message, byte for byte once parsed (the reference
    // escapes `>` as `\u003e`): its rendered example became a template,
    // and the context is the error's details.
    let documented: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/corpus/ory-kratos-error.json")).unwrap(),
    )
    .unwrap();
    let error = ory
        .error("4000003")
        .unwrap()
        .arg("min_length", "5")
        .arg("actual_length", "3")
        .details(documented["context"].clone())
        .with_request_id(RequestId::from_inbound("r-17").unwrap());
    let rendered = ory.profile().render(&error, &RenderContext::default());
    assert_eq!(rendered.status.as_u16(), 400);
    let ours: serde_json::Value = serde_json::from_slice(&rendered.body).unwrap();
    assert_eq!(
        serde_json::to_string_pretty(&ours).unwrap(),
        serde_json::to_string_pretty(&documented).unwrap()
    );
    // Placeholders named by no context key stay placeholders; a system error is a 500.
    let entry = |id: &str| {
        ory.catalog()
            .entries
            .iter()
            .find(|e| e.id == id)
            .unwrap()
            .clone()
    };
    assert!(
        entry("4000028")
            .params
            .contains_key("available_oidc_providers_list")
    );
    assert_eq!(entry("5000001").status, Some(500));
    assert_eq!(
        entry("4000019").message.as_deref(),
        Some("must be > 5 but found 5"),
        "ambiguous: kept as written"
    );
}

#[test]
fn firebase_auth_has_its_108_codes_with_the_prefix_the_sdk_adds() {
    let firebase = compiled("firebase-auth.toml");
    let catalog = firebase.catalog();
    assert_eq!(
        catalog.entries.len(),
        108,
        "the INDEX counts 108 AuthErrorCode members"
    );
    assert!(
        catalog
            .entries
            .iter()
            .all(|e| e.code.as_ref().unwrap().to_string().starts_with("auth/"))
    );
    // The three representations drift: named in the description.
    let description = catalog.catalog.description.as_deref().unwrap();
    for name in [
        "INVALID_CREDENTIAL",
        "LOGIN_BLOCKED",
        "UNSUPPORTED_PASSWORD_POLICY_SCHEMA_VERSION",
        "PASSWORD_DOES_NOT_MEET_REQUIREMENTS",
        "INVALID_IDP_RESPONSE",
        "INVALID_LOGIN_CREDENTIALS",
    ] {
        assert!(
            description.contains(&format!("`{name}`")),
            "{name}: {description}"
        );
    }
    // ErrorFactory's `{$originalMessage}` is a param.
    let error = firebase
        .error("LOGIN_BLOCKED")
        .unwrap()
        .arg("originalMessage", "blocked by policy")
        .with_request_id(RequestId::from_inbound("r-18").unwrap());
    let rendered = firebase.profile().render(&error, &RenderContext::default());
    assert_eq!(
        String::from_utf8(rendered.body).unwrap(),
        r#"{"code":"auth/login-blocked","message":"Login blocked by user-provided method: blocked by policy"}"#
    );
    assert_eq!(
        rendered.status.as_u16(),
        400,
        "no status: the catalog's default"
    );
}

#[test]
fn appwrite_has_its_291_entries_in_38_groups_with_each_trap_handled() {
    let appwrite = compiled("appwrite.toml");
    let catalog = appwrite.catalog();
    assert_eq!(
        (catalog.entries.len(), catalog.groups.len()),
        (291, 38),
        "the INDEX counts 291 entries under 38 comments"
    );
    let entry = |id: &str| catalog.entries.iter().find(|e| e.id == id).unwrap().clone();
    // Wire codes come through the constants; two are UPPER_CASE, kept.
    assert_eq!(
        entry("ATTRIBUTE_TYPE_NOT_SUPPORTED")
            .code
            .unwrap()
            .to_string(),
        "ATTRIBUTE_TYPE_NOT_SUPPORTED"
    );
    // WebSocket close codes are no HTTP status.
    for (id, close) in [
        ("realtime_message_format_invalid", 1003),
        ("realtime_policy_violation", 1008),
        ("realtime_too_many_messages", 1013),
    ] {
        let realtime = entry(id);
        assert_eq!(realtime.status, None, "{id}");
        assert_eq!(
            realtime.wire_attr("appwrite", "close_code"),
            Some(&serde_json::json!(close)),
            "{id}"
        );
    }
    // printf's %s is a positional placeholder; a foreign constant keeps its name.
    assert!(
        entry("database_not_found")
            .message
            .unwrap()
            .contains("'{0}'")
    );
    assert!(
        entry("message_missing_schedule")
            .message
            .unwrap()
            .contains("MessageStatus::SCHEDULED")
    );
    // `'publish' => false`: never shown to clients.
    assert!(entry("user_auth_method_unsupported").internal);
    // HTML links are their text.
    assert!(
        !entry("general_smtp_disabled")
            .message
            .unwrap()
            .contains("<a")
    );
    let (status, ours) = body(&appwrite, "user_not_found", "r-19", None);
    assert_eq!(status, 404);
    assert_eq!(
        ours,
        r#"{"message":"User with the requested ID could not be found.","code":404,"type":"user_not_found"}"#
    );
}
