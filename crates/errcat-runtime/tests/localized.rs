//! A translated catalog answers in the language the request asks for, in
//! every profile, with the same codes, and never leaks a runtime value into
//! a 5xx in any language.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use axum::routing::get;
use errcat_runtime::axum::ErrorLayer;
use errcat_runtime::profile::BUILT_IN;
use errcat_runtime::{ApiError, CompiledCatalog, Profile, RenderContext};
use serde_json::Value;
use tower::ServiceExt as _;

/// The contacts example's catalog: English, French and Russian.
fn contacts() -> CompiledCatalog {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/contacts/errors.toml"
    );
    let text = std::fs::read_to_string(path).expect("the example catalog");
    errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(path, text))
        .expect("it checks")
}

fn invalid(catalog: &CompiledCatalog, count: i64) -> ApiError {
    catalog
        .error("invalid_contact")
        .unwrap()
        .arg("count", count)
}

/// A catalog with a regional locale (`fr-CA`) beside its language (`fr`),
/// which translates one entry of two.
const REGIONAL: &str = include_str!("../fixtures/regional.toml");

#[test]
fn a_regional_locale_gives_its_language_s_text_to_the_entries_it_leaves_out() {
    let catalog = errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
        "regional.toml",
        REGIONAL,
    ))
    .unwrap();
    let title = |id: &str, locale: &str| {
        let error = catalog.error(id).unwrap().in_locale(locale);
        (error.title(), error.locale().to_owned())
    };
    assert_eq!(
        title("not_found", "fr-CA"),
        ("Introuvable (Canada)".to_owned(), "fr-CA".to_owned())
    );
    // As a request asking for `fr-CA` gets it, and as `render --locale` shows it.
    assert_eq!(
        title("too_many", "fr-CA"),
        ("Trop de requêtes".to_owned(), "fr".to_owned())
    );
    assert_eq!(
        title("too_many", "fr-CA-x-test"),
        ("Trop de requêtes".to_owned(), "fr".to_owned())
    );
    let negotiated = catalog.entry("too_many").unwrap().negotiate("fr-CA");
    assert_eq!(
        &*catalog.entry("too_many").unwrap().locales[negotiated].tag,
        "fr"
    );

    let parsed = errcat_runtime::catalog::parse(errcat_runtime::catalog::SourceFile::new(
        "regional.toml",
        REGIONAL,
    ))
    .catalog;
    let index = parsed.locale_fallbacks();
    let fallbacks = index.of("fr-CA");
    assert_eq!(fallbacks, ["fr-CA", "fr"]);
    assert_eq!(
        parsed
            .translation_for(&fallbacks, "too_many")
            .map(|(tag, _)| tag),
        Some("fr")
    );
    assert_eq!(index.of("FR-ca-x-test"), ["fr-CA", "fr"]);
    assert_eq!(index.of("en-GB"), Vec::<&str>::new());
}

#[test]
fn each_language_takes_its_own_plural_forms() {
    let catalog = contacts();
    let message = |locale: &str, count: i64| invalid(&catalog, count).in_locale(locale).message();
    assert_eq!(message("en", 1), "The contact has 1 invalid field.");
    assert_eq!(message("en", 4), "The contact has 4 invalid fields.");
    assert_eq!(message("fr", 1), "Le contact a 1 champ invalide.");
    assert_eq!(message("fr", 3), "Le contact a 3 champs invalides.");
    assert_eq!(message("ru", 1), "В контакте 1 некорректное поле.");
    assert_eq!(message("ru", 3), "В контакте 3 некорректных поля.");
    assert_eq!(message("ru", 5), "В контакте 5 некорректных полей.");
    assert_eq!(message("ru", 21), "В контакте 21 некорректное поле.");
    // A region falls back to its language; a language the catalog lacks to English.
    assert_eq!(message("fr-CA", 2), "Le contact a 2 champs invalides.");
    assert_eq!(message("de", 2), "The contact has 2 invalid fields.");
    assert_eq!(invalid(&catalog, 2).in_locale("de").locale(), "en");
}

#[test]
fn every_profile_renders_the_language_and_keeps_the_code() {
    let catalog = contacts();
    let context = RenderContext::default();
    for profile in BUILT_IN {
        let english = profile.render(&invalid(&catalog, 5), &context);
        let russian = profile.render(&invalid(&catalog, 5).in_locale("ru"), &context);
        let body = String::from_utf8(russian.body.to_vec()).unwrap();
        assert!(
            body.contains("5 некорректных полей"),
            "{}: {body}",
            profile.name()
        );
        assert_eq!(english.status, russian.status, "{}", profile.name());
        // The code (`invalid_contact`, Google's reason `INVALID_CONTACT`)
        // is sent as often in either language.
        let codes = |body: &[u8]| {
            String::from_utf8_lossy(body)
                .to_lowercase()
                .matches("invalid_contact")
                .count()
        };
        assert!(codes(&english.body) > 0, "{}", profile.name());
        assert_eq!(
            codes(&english.body),
            codes(&russian.body),
            "{}",
            profile.name()
        );
        let language = russian
            .headers
            .iter()
            .find(|(name, _)| name == header::CONTENT_LANGUAGE)
            .map(|(_, value)| value.to_str().unwrap().to_owned());
        assert_eq!(language.as_deref(), Some("ru"), "{}", profile.name());
    }
}

#[test]
fn the_google_profile_names_the_language_in_localized_message() {
    let catalog = contacts();
    let error = catalog
        .error("contact_not_found")
        .unwrap()
        .arg("id", 7)
        .in_locale("fr");
    let rendered = Profile::GOOGLE.render(&error, &RenderContext::default());
    let body: Value = serde_json::from_slice(&rendered.body).unwrap();
    let localized = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|detail| detail["@type"] == "type.googleapis.com/google.rpc.LocalizedMessage")
        .expect("a LocalizedMessage detail");
    assert_eq!(localized["locale"], "fr");
    assert_eq!(localized["message"], "Aucun contact avec l'identifiant 7.");
    // AIP-193: `message` is developer-facing, in the catalog's language.
    assert_eq!(body["error"]["message"], "No contact with id 7.");
    assert_eq!(body["error"]["details"][0]["reason"], "CONTACT_NOT_FOUND");
    // A plural form in each language, by its own rules; with no language
    // chosen, the same text twice.
    let messages = |error: &ApiError| {
        let rendered = Profile::GOOGLE.render(error, &RenderContext::default());
        let body: Value = serde_json::from_slice(&rendered.body).unwrap();
        let details = body["error"]["details"].as_array().unwrap();
        let localized = details.last().unwrap()["message"].clone();
        (body["error"]["message"].clone(), localized)
    };
    assert_eq!(
        messages(&invalid(&catalog, 2).in_locale("ru")),
        (
            "The contact has 2 invalid fields.".into(),
            "В контакте 2 некорректных поля.".into()
        )
    );
    assert_eq!(
        messages(&invalid(&catalog, 1)),
        (
            "The contact has 1 invalid field.".into(),
            "The contact has 1 invalid field.".into()
        )
    );
}

#[test]
fn a_5xx_keeps_runtime_values_out_in_every_language() {
    let text = r#"
[catalog]
name = "t"
domain = "t.example.com"
[[errors]]
id = "upstream_failed"
status = 502
message = "Upstream {host} failed"
params.host = "string"
[translations.fr.upstream_failed]
message = "Le service {host} a échoué"

# The other way round: the source has a runtime value, its translation
# none. AIP-193's `message` is the source's, and must not send it either.
[[errors]]
id = "gateway_failed"
status = 502
message = "Gateway {host} failed"
params.host = "string"
[translations.fr.gateway_failed]
message = "La passerelle est en panne"

# A fixed English message whose translation has a placeholder: the rule is
# the language's, not the source's.
[[errors]]
id = "backend_down"
status = 503
message = "The backend is down"
params.host = "string"
[translations.fr.backend_down]
message = "Le service {host} est en panne"
"#;
    let catalog =
        errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new("t.toml", text)).unwrap();
    for id in ["upstream_failed", "gateway_failed", "backend_down"] {
        let error = |locale: &str| {
            catalog
                .error(id)
                .unwrap()
                .arg("host", "db-secret.internal")
                .in_locale(locale)
        };
        for profile in BUILT_IN {
            for locale in ["en", "fr"] {
                let rendered = profile.render(&error(locale), &RenderContext::default());
                let body = String::from_utf8(rendered.body.to_vec()).unwrap();
                assert!(
                    !body.contains("db-secret"),
                    "{id} {} {locale}: {body}",
                    profile.name()
                );
            }
        }
        #[cfg(feature = "tonic")]
        for locale in ["en", "fr"] {
            let status = tonic::Status::from(error(locale));
            assert!(!status.message().contains("db-secret"), "{id} {locale}");
            assert!(
                !String::from_utf8_lossy(status.details()).contains("db-secret"),
                "{id} {locale}"
            );
        }
    }
}

fn app() -> Router {
    let catalog = contacts();
    let errors = catalog.clone();
    Router::new()
        .route(
            "/contacts/{id}",
            get(move || {
                let errors = errors.clone();
                async move {
                    Err::<String, ApiError>(
                        errors.error("invalid_contact").unwrap().arg("count", 5),
                    )
                }
            }),
        )
        .route(
            "/chosen",
            get(move || {
                let errors = catalog.clone();
                async move {
                    Err::<String, ApiError>(
                        errors
                            .error("contact_not_found")
                            .unwrap()
                            .arg("id", 1)
                            .in_locale("ru"),
                    )
                }
            }),
        )
        .layer(ErrorLayer::new(contacts(), Profile::PROBLEM))
}

async fn get_with(
    uri: &str,
    accept_language: Option<&str>,
) -> (StatusCode, Option<String>, Option<String>, Value) {
    let mut request = Request::get(uri);
    if let Some(value) = accept_language {
        request = request.header(header::ACCEPT_LANGUAGE, value);
    }
    let response = app()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let text = |name| {
        response
            .headers()
            .get(name)
            .map(|value: &axum::http::HeaderValue| value.to_str().unwrap().to_owned())
    };
    let (language, vary) = (text(header::CONTENT_LANGUAGE), text(header::VARY));
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        language,
        vary,
        serde_json::from_slice(&bytes).unwrap(),
    )
}

#[tokio::test]
async fn the_layer_negotiates_accept_language() {
    let (status, language, vary, body) =
        get_with("/contacts/1", Some("fr-CA,fr;q=0.9,en;q=0.5")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(language.as_deref(), Some("fr"));
    assert_eq!(vary.as_deref(), Some("accept-language"));
    assert_eq!(body["detail"], "Le contact a 5 champs invalides.");
    assert_eq!(body["title"], "Contact invalide");

    let (_, language, _, body) = get_with("/contacts/1", Some("de, ru;q=0.3")).await;
    assert_eq!(language.as_deref(), Some("ru"));
    assert_eq!(body["detail"], "В контакте 5 некорректных полей.");

    for asked in [None, Some("de-AT"), Some("*"), Some("fr;q=0")] {
        let (_, language, _, body) = get_with("/contacts/1", asked).await;
        assert_eq!(language.as_deref(), Some("en"), "{asked:?}");
        assert_eq!(
            body["detail"], "The contact has 5 invalid fields.",
            "{asked:?}"
        );
    }
}

#[tokio::test]
async fn framework_errors_are_translated_where_the_catalog_overrides_them() {
    let (status, language, _, body) = get_with("/nowhere", Some("fr")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(language.as_deref(), Some("fr"));
    assert_eq!(
        body["detail"],
        "GET /nowhere ne fait pas partie de l'API des contacts ; voir /contacts."
    );
}

#[tokio::test]
async fn a_locale_the_handler_chose_wins_over_the_header() {
    let (_, language, _, body) = get_with("/chosen", Some("fr")).await;
    assert_eq!(language.as_deref(), Some("ru"));
    assert_eq!(body["detail"], "Нет контакта с идентификатором 1.");
}

/// The status the gRPC layer sends for `status`, built by `convert` in the
/// handler, to a request asking for `accept_language`.
#[cfg(feature = "tonic")]
async fn grpc_answer<F, Fut>(accept_language: &str, convert: F) -> tonic::Status
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = tonic::Status> + Send,
{
    use tower::Layer as _;
    let inner = tower::service_fn(move |_request: http::Request<()>| {
        let convert = convert.clone();
        async move {
            Ok::<_, std::convert::Infallible>(convert().await.into_http::<tonic::body::Body>())
        }
    });
    let service = errcat_runtime::grpc::GrpcErrorLayer::new(contacts()).layer(inner);
    let request = http::Request::builder()
        .method("POST")
        .uri("http://localhost/contacts.Contacts/Create")
        .header("content-type", "application/grpc")
        .header("accept-language", accept_language)
        .body(())
        .unwrap();
    let response = service.oneshot(request).await.unwrap();
    tonic::Status::from_header_map(response.headers()).expect("a trailers-only status")
}

#[cfg(feature = "tonic")]
#[tokio::test]
async fn a_grpc_status_converted_in_a_spawned_task_carries_the_requests_language_too() {
    let status = grpc_answer("ru", || async {
        tokio::spawn(async {
            tonic::Status::from(contacts().error("invalid_contact").unwrap().arg("count", 2))
        })
        .await
        .unwrap()
    })
    .await;
    // AIP-193: `message` for developers, in the catalog's language; the
    // request's in `LocalizedMessage`.
    use tonic_types::StatusExt as _;
    assert_eq!(status.message(), "The contact has 2 invalid fields.");
    let details = status.check_error_details().unwrap();
    let localized = details.localized_message().expect("a LocalizedMessage");
    assert_eq!(localized.message, "В контакте 2 некорректных поля.");
}

#[cfg(feature = "tonic")]
#[tokio::test]
async fn a_grpc_status_carries_the_language_accept_language_asks_for() {
    use tonic_types::StatusExt as _;
    let status = grpc_answer("ru-RU, en;q=0.5", || async {
        tonic::Status::from(contacts().error("invalid_contact").unwrap().arg("count", 2))
    })
    .await;
    assert_eq!(status.code(), tonic::Code::InvalidArgument);
    assert_eq!(status.message(), "The contact has 2 invalid fields.");
    let details = status.check_error_details().unwrap();
    let localized = details.localized_message().expect("a LocalizedMessage");
    assert_eq!(localized.locale, "ru");
    assert_eq!(localized.message, "В контакте 2 некорректных поля.");
    assert_eq!(details.error_info().unwrap().reason, "INVALID_CONTACT");
}

/// A catalog of eleven languages (past the scan limit, so tags are looked
/// up by hash), where `partial` is translated into Russian only, and its
/// Russian translation has a title but no message.
fn many_languages() -> CompiledCatalog {
    let mut text = String::from(
        "[catalog]\nname = \"t\"\n[[errors]]\nid = \"full\"\nstatus = 404\ntitle = \"Gone\"\nmessage = \"It is gone\"\n[[errors]]\nid = \"partial\"\nstatus = 404\ntitle = \"Missing\"\nmessage = \"It is missing\"\n",
    );
    for tag in [
        "de", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt-BR", "ru",
    ] {
        text.push_str(&format!(
            "[translations.{tag}.full]\nmessage = \"{tag}: gone\"\n"
        ));
    }
    text.push_str("[translations.ru.partial]\ntitle = \"Нет\"\n");
    errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new("t.toml", text)).unwrap()
}

/// `in_locale` finds a short tag the entry speaks by a packed compare, for
/// its first four languages: every language, past those four, longer than
/// a word, in any case, gives its own text.
#[test]
fn in_locale_finds_every_language_however_it_is_written() {
    let tags = ["fr", "de", "es", "it", "pt-BR", "sr-Latn", "zh-Hant-TW"];
    let mut text = String::from(
        "[catalog]\nname = \"t\"\n[[errors]]\nid = \"full\"\nstatus = 404\nmessage = \"It is gone\"\n",
    );
    for tag in tags {
        text.push_str(&format!(
            "[translations.{tag}.full]\nmessage = \"{tag}: gone\"\n"
        ));
    }
    // An entry translated into later languages only: the place of its text
    // among its translations is not the place of the language in the catalog.
    text.push_str("[[errors]]\nid = \"later\"\nstatus = 404\nmessage = \"Later\"\n");
    for tag in ["it", "sr-Latn", "zh-Hant-TW"] {
        text.push_str(&format!(
            "[translations.{tag}.later]\nmessage = \"{tag}: later\"\n"
        ));
    }
    let catalog =
        errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new("t.toml", text)).unwrap();
    for (tag, expected) in [
        ("it", "it: later"),
        ("sr-Latn", "sr-Latn: later"),
        ("SR-latn", "sr-Latn: later"),
        ("zh-Hant-TW", "zh-Hant-TW: later"),
        ("fr", "Later"),
        ("pt-BR", "Later"),
    ] {
        let error = catalog.error("later").unwrap().in_locale(tag);
        assert_eq!(error.message(), expected, "{tag}");
    }
    let message = |tag: &str| catalog.error("full").unwrap().in_locale(tag).message();
    for tag in tags {
        let expected = format!("{tag}: gone");
        assert_eq!(message(tag), expected, "{tag}");
        assert_eq!(message(&tag.to_uppercase()), expected, "{tag}");
        assert_eq!(message(&tag.to_lowercase()), expected, "{tag}");
        assert_eq!(message(&format!("{tag}-x-test")), expected, "{tag}");
    }
    for tag in [
        "en",
        "EN",
        "en-GB",
        "fr\0",
        "",
        "zz",
        "f",
        "pt-BR-and-more-than-a-word",
    ] {
        let expected = match tag {
            "pt-BR-and-more-than-a-word" => "pt-BR: gone",
            _ => "It is gone",
        };
        assert_eq!(message(tag), expected, "{tag:?}");
    }
}

#[test]
fn each_entry_negotiates_among_the_languages_it_has() {
    let catalog = many_languages();
    let mut full = catalog.error("full").unwrap();
    full.negotiate_locale("ko;q=0.9, ru;q=0.1");
    assert_eq!(full.message(), "ko: gone");
    let mut partial = catalog.error("partial").unwrap();
    partial.negotiate_locale("ko;q=0.9, ru;q=0.1");
    // Not translated into Korean: the next range, Russian, has its title.
    assert_eq!(partial.title(), "Нет");
    // Its message is still English, and that is the language it names.
    assert_eq!(partial.message(), "It is missing");
    assert_eq!(partial.locale(), "en");
    let rendered = Profile::PROBLEM.render(&partial, &RenderContext::default());
    assert_eq!(rendered.header("content-language"), Some("en"));
    let google = Profile::GOOGLE.render(&partial, &RenderContext::default());
    let body: Value = serde_json::from_slice(&google.body).unwrap();
    let localized = body["error"]["details"]
        .as_array()
        .unwrap()
        .iter()
        .find(|detail| detail["@type"] == "type.googleapis.com/google.rpc.LocalizedMessage")
        .unwrap();
    assert_eq!(localized["locale"], "en");
    // Past the scan limit too: Russian is the catalog's eleventh language
    // and the first of `partial`'s translations.
    let partial = catalog.error("partial").unwrap().in_locale("ru");
    assert_eq!(
        (partial.title(), partial.message(), partial.locale()),
        ("Нет".to_owned(), "It is missing".to_owned(), "en")
    );
    for (tag, expected) in [
        ("pt-BR", "pt-BR: gone"),
        ("ru", "ru: gone"),
        ("PT-br", "pt-BR: gone"),
        ("pl-PL", "pl: gone"),
        ("zz", "It is gone"),
    ] {
        assert_eq!(
            catalog.error("full").unwrap().in_locale(tag).message(),
            expected,
            "{tag}"
        );
    }
}

/// Entries whose two messages (AIP-193's developer-facing one and the
/// localized one) differ in every way they can: fixed or with a value, in
/// either language, a 5xx, an entry with no status, a title-only
/// translation, an internal entry.
#[cfg(feature = "tonic")]
const TWO_MESSAGES: &str = r#"
[catalog]
name = "t"
domain = "t.example.com"
[[errors]]
id = "not_found"
status = 404
message = "No {thing} here"
params.thing = "string"
[translations.fr.not_found]
message = "Pas de {thing} ici"
[[errors]]
id = "fixed_source"
status = 502
message = "Backend down"
params.thing = "string"
[translations.fr.fixed_source]
message = "Le service {thing} est en panne"
[[errors]]
id = "fixed_translation"
status = 502
message = "Gateway {thing} failed"
params.thing = "string"
[translations.fr.fixed_translation]
message = "La passerelle est en panne"
[[errors]]
id = "no_status"
message = "Failed for {thing}"
params.thing = "string"
[translations.fr.no_status]
message = "Échec pour {thing}"
[[errors]]
id = "titled"
status = 409
title = "Already there"
[translations.fr.titled]
title = "Déjà là"
[[errors]]
id = "hidden"
status = 500
internal = true
message = "Query {thing} failed"
params.thing = "string"
[translations.fr.hidden]
message = "La requête {thing} a échoué"
"#;

/// The `google` body and the gRPC status of one error say the same: the
/// developer-facing message, and the language and text of `LocalizedMessage`.
#[cfg(feature = "tonic")]
#[test]
fn the_google_body_and_the_grpc_status_carry_the_same_messages() {
    use tonic_types::StatusExt as _;
    let catalog = errcat_runtime::compile(errcat_runtime::catalog::SourceFile::new(
        "t.toml",
        TWO_MESSAGES,
    ))
    .unwrap();
    let mut seen = Vec::new();
    for id in [
        "not_found",
        "fixed_source",
        "fixed_translation",
        "no_status",
        "titled",
        "hidden",
    ] {
        for locale in ["en", "fr"] {
            let error = || {
                catalog
                    .error(id)
                    .unwrap()
                    .arg("thing", "db-secret")
                    .in_locale(locale)
            };
            let rendered = Profile::GOOGLE.render(&error(), &RenderContext::default());
            let body: Value = serde_json::from_slice(&rendered.body).unwrap();
            let localized = body["error"]["details"]
                .as_array()
                .unwrap()
                .last()
                .unwrap()
                .clone();
            let http = (
                body["error"]["message"].as_str().unwrap().to_owned(),
                localized["locale"].as_str().unwrap().to_owned(),
                localized["message"].as_str().unwrap().to_owned(),
            );
            let status = tonic::Status::from(error());
            let details = status.check_error_details().unwrap();
            let grpc_localized = details.localized_message().unwrap();
            let grpc = (
                status.message().to_owned(),
                grpc_localized.locale.clone(),
                grpc_localized.message.clone(),
            );
            assert_eq!(http, grpc, "{id} {locale}");
            let language = rendered
                .headers
                .iter()
                .find(|(name, _)| name == header::CONTENT_LANGUAGE)
                .map(|(_, value)| value.to_str().unwrap().to_owned());
            assert_eq!(language.as_deref(), Some(http.1.as_str()), "{id} {locale}");
            seen.push((id, locale, http));
        }
    }
    let said = |id: &str, locale: &str| {
        let (_, _, said) = seen
            .iter()
            .find(|(i, l, _)| *i == id && *l == locale)
            .unwrap();
        (said.0.as_str(), said.1.as_str(), said.2.as_str())
    };
    assert_eq!(
        said("not_found", "fr"),
        ("No db-secret here", "fr", "Pas de db-secret ici")
    );
    assert_eq!(said("fixed_source", "fr"), ("Backend down", "en", GENERIC));
    assert_eq!(
        said("fixed_translation", "fr"),
        (GENERIC, "fr", "La passerelle est en panne")
    );
    assert_eq!(said("no_status", "fr"), (GENERIC, "en", GENERIC));
    assert_eq!(said("titled", "fr"), ("Already there", "fr", "Déjà là"));
    assert_eq!(said("hidden", "fr"), (GENERIC, "en", GENERIC));
}

#[cfg(feature = "tonic")]
const GENERIC: &str = errcat_runtime::profile::GENERIC_MESSAGE;
