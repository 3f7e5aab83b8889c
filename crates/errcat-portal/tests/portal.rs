//! The portal's pages, search and API, driven in process.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use errcat_portal::{Portal, router};
use tower::ServiceExt as _;

fn builtin() -> Vec<(String, errcat_runtime::CompiledCatalog)> {
    errcat_catalog::builtin::parsed()
        .into_iter()
        .map(|(slug, parsed)| {
            let checked = errcat_runtime::check(parsed).expect("built-in catalogs check");
            let compiled = errcat_runtime::CompiledCatalog::new(&checked).unwrap();
            (slug.to_owned(), compiled)
        })
        .collect()
}

/// What the portal answers `request`: the status, the headers and the body.
async fn send(portal: &Arc<Portal>, request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = router(portal.clone()).oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (
        parts.status,
        parts.headers,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

async fn get(portal: &Arc<Portal>, uri: &str) -> (StatusCode, String, String) {
    let (status, headers, body) =
        send(portal, Request::get(uri).body(Body::empty()).unwrap()).await;
    let content_type = headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, body)
}

/// What a browser gets for `uri`: the status, the headers and the page.
async fn from_browser(portal: &Arc<Portal>, uri: &str) -> (StatusCode, HeaderMap, String) {
    let request = Request::get(uri)
        .header("accept", "text/html,application/xhtml+xml")
        .body(Body::empty())
        .unwrap();
    send(portal, request).await
}

#[tokio::test]
async fn home_lists_every_catalog_with_its_count() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (status, content_type, html) = get(&portal, "/").await;
    assert_eq!(status, 200);
    assert!(content_type.starts_with("text/html"));
    for (name, count) in [
        ("Clerk Backend API", 314),
        ("Plain", 57),
        ("Planfix REST API", 71),
        ("Plunk API", 25),
        ("Quapp", 53),
    ] {
        assert!(html.contains(&format!("<strong>{name}</strong>")), "{name}");
        assert!(html.contains(&format!("{count} errors")), "{name} count");
    }
    assert!(
        html.contains(r#"<label for="q""#) && html.contains("<main id=\"main\">"),
        "landmarks and labels"
    );
}

#[tokio::test]
async fn search_is_typo_tolerant_and_ranks_exact_codes_first() {
    let portal = Arc::new(Portal::new(&builtin()));
    let typo = portal.search("resorce_not_fuond").unwrap();
    assert!(
        typo.len() >= 19,
        "all resource_not_found entries: {}",
        typo.len()
    );
    assert!(
        typo.iter()
            .take(19)
            .all(|hit| hit.code == "resource_not_found")
    );
    assert_eq!(portal.search("2004").unwrap()[0].id, "2004");
    assert_eq!(portal.search("000012").unwrap()[0].id, "000012");
    assert_eq!(
        portal.search("invalid_api_key").unwrap()[0].id,
        "INVALID_API_KEY"
    );
    assert_eq!(
        portal.search("unsupported countr").unwrap()[0].id,
        "UnsupportedCountry",
        "prefix of the last word"
    );
    let (status, _, html) = get(&portal, "/?q=resorce_not_fuond").await;
    assert_eq!(status, 200);
    assert!(html.contains("results for “resorce_not_fuond”"));
    assert!(html.contains("catalogs/clerk/errors/AllowlistIdentifierNotFound\""));
    // A query matching more than a page shows says how many matched.
    let (_, _, html) = get(&portal, "/?q=e").await;
    let matched = portal.search_counted("e", usize::MAX).unwrap().1;
    assert!(matched > 50, "{matched}");
    assert!(
        html.contains(&format!("The best 50 of {matched} results for “e”")),
        "{html}"
    );
}

#[tokio::test]
async fn entry_pages_show_everything_and_accept_ids_as_written() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (status, _, html) = get(&portal, "/catalogs/quapp/errors/000037%5B0%5D").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<code>000037[0]</code>"));
    let (status, _, html) = get(&portal, "/catalogs/quapp/errors/000012").await;
    assert_eq!(status, 200);
    for text in [
        "Unable to locate {0} with id {1}.",
        "Verify that the ID {1} is correct.",
        "Object not found with provided ID",
    ] {
        assert!(html.contains(text), "{text}");
    }
    for profile in errcat_runtime::Profile::built_in() {
        assert!(
            html.contains(&format!("<h3>{profile} <span")),
            "example body in {profile}"
        );
    }
    assert!(html.contains(r#"class="copy""#), "copy buttons");
}

#[tokio::test]
async fn catalog_text_with_html_is_shown_as_text() {
    let text = r#"
[catalog]
name = "<b>Evil</b> API"

[[errors]]
id = "xss"
status = 400
title = "<script>alert(1)</script>"
message = "Hi <img src=x onerror=alert(2)>"
description = """
\"quoted\" & <i>tagged</i>

* **bold** <script>alert(3)</script>
* [bad](javascript:alert(4)) [worse](JAVASCRIPT:alert(5)) [good](https://example.com/ok)
* <javascript:alert(6)> ![pixel](https://evil.example/p.png)

<script>alert(7)</script>
"""
"#;
    let compiled = errcat_runtime::compile(errcat_catalog::SourceFile::new("evil.toml", text))
        .expect("the hostile catalog checks");
    let portal = Arc::new(Portal::new(&[("evil".to_owned(), compiled)]));
    for uri in [
        "/",
        "/catalogs/evil",
        "/catalogs/evil/errors/xss",
        "/?q=script",
    ] {
        let (_, _, html) = get(&portal, uri).await;
        assert!(
            !html.contains("<script>alert")
                && !html.contains("<img")
                && !html.contains("<i>tagged")
                && !html.contains("<b>Evil"),
            "{uri}: {html}"
        );
        assert!(
            !html.to_ascii_lowercase().contains("href=\"javascript"),
            "{uri}: a javascript: link: {html}"
        );
    }
    let (_, _, html) = get(&portal, "/catalogs/evil/errors/xss").await;
    for shown in [
        "<li><strong>bold</strong> &lt;script&gt;alert(3)&lt;/script&gt;</li>",
        "&lt;script&gt;alert(7)&lt;/script&gt;",
        r#"<a href="https://example.com/ok">good</a>"#,
        "bad",
        "worse",
    ] {
        assert!(html.contains(shown), "Markdown shows {shown:?}: {html}");
    }
    let (_, _, html) = get(&portal, "/catalogs/evil/errors/xss").await;
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "{html}"
    );
}

#[tokio::test]
async fn api_answers_json_and_its_errors_are_problem_documents() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (status, content_type, body) = get(&portal, "/api/v1/catalogs").await;
    assert_eq!(
        (status.as_u16(), content_type.as_str()),
        (200, "application/json")
    );
    let catalogs: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(catalogs.as_array().unwrap().len(), 5);
    let (_, _, body) = get(&portal, "/api/v1/catalogs/clerk/errors/UnsupportedCountry").await;
    let entry: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(entry["code"], "unsupported_country_code");
    let (_, _, body) = get(&portal, "/api/v1/search?q=2004").await;
    let hits: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(hits[0]["id"], "2004");
    for (uri, status, code) in [
        ("/api/v1/catalogs/nope/errors/x", 404, "catalog_not_found"),
        ("/api/v1/catalogs/clerk/errors/Nope", 404, "entry_not_found"),
        ("/api/v1/search", 400, "missing_query"),
        ("/no/such/page", 404, "route_not_found"),
    ] {
        let (got, content_type, body) = get(&portal, uri).await;
        assert_eq!(
            (got.as_u16(), content_type.as_str()),
            (status, "application/problem+json"),
            "{uri}"
        );
        let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(problem["code"], code, "{uri}");
    }
    let (status, _, body) = get(&portal, "/healthz").await;
    assert_eq!(
        (status.as_u16(), body.as_str()),
        (200, r#"{"status":"ok"}"#)
    );
}

/// A catalog's entries as JSON, each with where the whole entry is; a path
/// with a trailing slash redirects to the one without (never to another
/// host).
#[tokio::test]
async fn a_catalog_lists_its_entries_and_a_trailing_slash_redirects() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (status, _, body) = get(&portal, "/api/v1/catalogs/plunk/errors").await;
    assert_eq!(status, 200);
    let entries: serde_json::Value = serde_json::from_str(&body).unwrap();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 25);
    let url = entries[0]["url"].as_str().unwrap();
    let (status, _, entry) = get(&portal, url).await;
    assert_eq!(status, 200, "{url}");
    let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
    assert_eq!(entry["id"], entries[0]["id"]);
    let (status, _, _) = get(&portal, "/api/v1/catalogs/nope/errors").await;
    assert_eq!(status, 404);

    for (path, location) in [
        ("/catalogs/plunk/", Some("/catalogs/plunk")),
        ("/catalogs/plunk//?q=x", Some("/catalogs/plunk?q=x")),
        ("//evil.example/", None),
    ] {
        let response = router(portal.clone())
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let sent = response
            .headers()
            .get("location")
            .map(|value| value.to_str().unwrap().to_owned());
        assert_eq!(sent.as_deref(), location, "{path}");
        if location.is_none() {
            assert_eq!(response.status(), 404, "{path}");
        }
    }
}

/// An unknown path is a page for a browser too, as the portal's other 404s
/// are, with the entries its last segment may mean.
#[tokio::test]
async fn a_browser_gets_an_html_404_for_an_unknown_path() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (status, headers, html) = from_browser(&portal, "/no/such/UserNotFund").await;
    assert_eq!(status, 404);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(
        html.contains("No route matches GET &#x2f;no&#x2f;such&#x2f;UserNotFund."),
        "{html}"
    );
    assert!(
        html.contains(r#"catalogs/clerk/errors/UserNotFound"><code>UserNotFound</code>"#),
        "{html}"
    );
}

#[tokio::test]
async fn a_browser_gets_an_html_404_with_the_nearest_entries() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (status, headers, html) = from_browser(&portal, "/catalogs/clerk/errors/UserNotFund").await;
    assert_eq!(status, 404);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    let request_id = headers["x-request-id"].to_str().unwrap();
    assert!(
        html.contains("Catalog &quot;clerk&quot; has no error &quot;UserNotFund&quot;."),
        "{html}"
    );
    assert!(
        html.contains(r#"catalogs/clerk/errors/UserNotFound"><code>UserNotFound</code>"#),
        "the nearest entry is offered: {html}"
    );
    assert!(html.contains(&format!("<code>{request_id}</code>")));

    // Anyone else (an API client, curl) still gets the problem document.
    let (status, content_type, body) = get(&portal, "/catalogs/clerk/errors/UserNotFund").await;
    assert_eq!(
        (status.as_u16(), content_type.as_str()),
        (404, "application/problem+json")
    );
    assert!(body.contains(r#""code":"entry_not_found""#), "{body}");
    // The problem document suggests it too, with its path.
    let problem: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        problem["suggestion"],
        "Did you mean `UserNotFound`? It is at /catalogs/clerk/errors/UserNotFound.",
        "{body}"
    );
}

#[tokio::test]
async fn each_catalog_offers_its_openapi_document_and_clients() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (status, _, html) = get(&portal, "/catalogs/plunk").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("api&#x2f;v1&#x2f;catalogs&#x2f;plunk&#x2f;client.ts")
            || html.contains("api/v1/catalogs/plunk/client.ts"),
        "the catalog page links the clients"
    );

    let (status, content_type, body) = get(&portal, "/api/v1/catalogs/plunk/openapi.json").await;
    assert_eq!(
        (status.as_u16(), content_type.as_str()),
        (200, "application/json")
    );
    let document: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["components"]["responses"]["TEMPLATE_NOT_FOUND"].is_object());

    let (status, _, typescript) = get(&portal, "/api/v1/catalogs/plunk/client.ts").await;
    assert_eq!(status, 200);
    assert!(typescript.contains("export function parseError("));
    assert!(typescript.contains("(profile: plunk)"));
    let (status, _, python) = get(&portal, "/api/v1/catalogs/clerk/client.py").await;
    assert_eq!(status, 200);
    assert!(python.contains("def parse_error(") && python.contains("(profile: clerk)"));

    let (status, content_type, _) = get(&portal, "/api/v1/catalogs/nope/client.ts").await;
    assert_eq!(
        (status.as_u16(), content_type.as_str()),
        (404, "application/problem+json")
    );
}

fn problem(status: StatusCode, headers: &HeaderMap, body: &str) -> serde_json::Value {
    assert_eq!(
        headers["content-type"], "application/problem+json",
        "{body}"
    );
    let document: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(document["status"], status.as_u16());
    assert_eq!(
        document["request_id"].as_str(),
        headers["x-request-id"].to_str().ok(),
        "the request ID is in the body and the header"
    );
    document
}

// Regression: a 6,000-word misspelled query cost the portal 1.35 s of CPU.
#[tokio::test]
async fn a_query_past_the_limits_gets_a_problem_document_not_a_search() {
    let portal = Arc::new(Portal::new(&builtin()));
    let words = "resorce+fuond+".repeat(3000);
    for (uri, code) in [
        (format!("/api/v1/search?q={words}"), "query_too_long"),
        (
            "/api/v1/search?q=a+b+c+d+e+f+g+h+i".to_owned(),
            "too_many_terms",
        ),
        (format!("/?q={words}"), "query_too_long"),
    ] {
        let request = Request::get(&uri).body(Body::empty()).unwrap();
        let (status, headers, body) = send(&portal, request).await;
        assert_eq!(status, 400, "{uri}");
        assert_eq!(problem(status, &headers, &body)["code"], code);
    }
    // A browser gets the same refusal as a page.
    let request = Request::get(format!("/?q={words}"))
        .header("accept", "text/html")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(&portal, request).await;
    assert_eq!(status, 400);
    assert!(headers.contains_key("x-request-id"));
    assert!(
        body.contains("A search query is at most 256 bytes"),
        "{body}"
    );
}

// Regression: requests with too many header fields got hyper's 431 with an
// empty body and no request ID.
#[tokio::test]
async fn too_many_or_too_large_headers_get_the_portals_431_problem_document() {
    let portal = Arc::new(Portal::new(&builtin()));
    let mut many = Request::get("/healthz");
    for index in 0..=errcat_portal::MAX_HEADER_COUNT {
        many = many.header(format!("x-field-{index}"), "v");
    }
    let large =
        Request::get("/healthz").header("x-big", "a".repeat(errcat_portal::MAX_HEADER_BYTES));
    for request in [many, large] {
        let (status, headers, body) = send(&portal, request.body(Body::empty()).unwrap()).await;
        assert_eq!(status, 431);
        assert_eq!(
            problem(status, &headers, &body)["code"],
            "headers_too_large"
        );
    }
    let fine = Request::get("/healthz").header("x-big", "a".repeat(1000));
    let (status, _, _) = send(&portal, fine.body(Body::empty()).unwrap()).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn an_entry_page_leads_with_the_catalogs_own_profile_and_folds_the_others() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (_, _, html) = get(&portal, "/catalogs/plunk/errors/TEMPLATE_NOT_FOUND").await;
    let folded = html
        .find("<details class=\"other-profiles\"")
        .expect("others are folded");
    let plunk = html.find("<h3>plunk <span").expect("the plunk body");
    assert!(plunk < folded, "plunk's body comes before the fold");
    for other in ["problem", "clerk", "planfix", "plain", "jsonapi", "google"] {
        let at = html
            .find(&format!("<h3>{other} <span"))
            .unwrap_or_else(|| panic!("{other} body"));
        assert!(at > folded, "{other} is folded away");
    }
    assert!(
        !html[folded..].starts_with("<details class=\"other-profiles\" open"),
        "folded by default"
    );
}

#[tokio::test]
async fn messages_show_example_values_marked_with_their_placeholder() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (_, _, html) = get(&portal, "/catalogs/plunk/errors/TEMPLATE_NOT_FOUND").await;
    assert!(
        html.contains(
            r#"Template with ID <mark title="{id}">&quot;tpl_abc123&quot;</mark> was not found"#
        ),
        "{html}"
    );
    assert!(html.contains("Template: <code>Template with ID {id:q} was not found</code>"));
    let (_, _, html) = get(&portal, "/catalogs/quapp/errors/000012").await;
    assert!(html.contains(r#"<mark title="{0}">"#) && html.contains(r#"<mark title="{1}">"#));
}

#[tokio::test]
async fn catalog_prose_is_rendered_markdown_and_cards_end_at_a_sentence_or_word() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (_, _, html) = get(&portal, "/catalogs/plunk").await;
    assert!(
        html.contains(
            "<li><strong>Machine-readable error codes</strong> for programmatic handling</li>"
        ),
        "{html}"
    );
    assert!(!html.contains("* **"), "no raw Markdown");
    let (_, _, home) = get(&portal, "/").await;
    assert!(!home.contains("* **"), "cards show no raw Markdown");
    for card in home.split("<li><a href=\"/catalogs/").skip(1) {
        if let Some(blurb) = card.split("<p>").nth(1) {
            let blurb = blurb.split("</p>").next().unwrap();
            assert!(
                blurb.ends_with('.')
                    || blurb.ends_with('…')
                    || blurb.ends_with(|c: char| c.is_alphanumeric()),
                "a card's blurb ends cleanly: {blurb:?}"
            );
            assert!(!blurb.ends_with(':') && !blurb.ends_with(" …"), "{blurb:?}");
        }
    }
}

#[tokio::test]
async fn the_catalog_table_filters_by_status_group_and_text_without_javascript() {
    let portal = Arc::new(Portal::new(&builtin()));
    let rows = |html: &str| -> (usize, usize) {
        let body = html
            .split("<tbody>")
            .nth(1)
            .unwrap()
            .split("</tbody>")
            .next()
            .unwrap();
        let all = body.matches("<tr id=").count();
        let hidden = body.matches(" hidden>").count();
        (all, all - hidden)
    };
    let (_, _, html) = get(&portal, "/catalogs/clerk").await;
    assert_eq!(rows(&html), (314, 314), "one table with every entry");
    assert!(html.contains(r#"<select name="status""#) && html.contains(r#"name="filter""#));
    let (_, _, html) = get(&portal, "/catalogs/clerk?status=404").await;
    let (all, shown) = rows(&html);
    assert!(all == 314 && shown > 0 && shown < 314, "{shown}");
    assert!(html.contains(r#"<option value="404" selected>"#));
    let (_, _, html) = get(&portal, "/catalogs/clerk?status=404&filter=RESOURCE_not").await;
    let (_, by_text) = rows(&html);
    assert!(by_text > 0 && by_text < shown, "{by_text}");
    let (_, _, html) = get(&portal, "/catalogs/planfix").await;
    let group = html
        .split(r#"<select name="group""#)
        .nth(1)
        .and_then(|s| s.split("<option value=\"").nth(2))
        .and_then(|s| s.split('"').next())
        .expect("a group option")
        .to_owned();
    let (_, _, html) = get(&portal, &format!("/catalogs/planfix?group={group}")).await;
    let (all, shown) = rows(&html);
    assert!(shown > 0 && shown < all, "{group}: {shown} of {all}");
}

#[tokio::test]
async fn entry_pages_link_related_entries_and_show_how_to_handle_them() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (_, _, html) = get(
        &portal,
        "/catalogs/clerk/errors/AllowlistIdentifierNotFound",
    )
    .await;
    let related = html
        .split(r#"<ul class="related">"#)
        .nth(1)
        .expect("related entries");
    assert!(related.contains("same code"), "{related}");
    for id in [
        "handling",
        "handle-ts",
        "handle-python",
        "handle-rust",
        "related",
        "message",
    ] {
        assert!(html.contains(&format!(r#"id="{id}""#)), "anchor {id}");
    }
    assert!(
        html.contains("errors::allowlist_identifier_not_found("),
        "the Rust constructor"
    );
    assert!(html.contains("error?.code === &quot;resource_not_found&quot;"));
    assert!(html.contains("error.code == &quot;resource_not_found&quot;:"));
}

#[tokio::test]
async fn a_live_server_has_a_favicon_and_no_edit_footer() {
    let portal = Arc::new(Portal::new(&builtin()));
    for uri in [
        "/",
        "/catalogs/plunk",
        "/catalogs/plunk/errors/TEMPLATE_NOT_FOUND",
    ] {
        let (_, _, html) = get(&portal, uri).await;
        assert!(!html.contains("do not edit by hand"), "{uri}");
        assert!(
            html.contains(
                r#"<link rel="icon" type="image/svg+xml" href="data:image&#x2f;svg+xml,"#
            ),
            "{uri}"
        );
    }
    let (status, content_type, svg) = get(&portal, "/favicon.svg").await;
    assert_eq!(status, 200);
    assert_eq!(content_type, "image/svg+xml");
    assert!(svg.starts_with("<svg"));
}

/// An entry page shows the gRPC code the error is sent with next to its HTTP status.
#[tokio::test]
async fn an_entry_page_shows_the_grpc_code_next_to_the_status() {
    let portal = Arc::new(Portal::new(&builtin()));
    let (status, _, html) = get(&portal, "/catalogs/clerk/errors/UserNotFound").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<dt>gRPC code</dt><dd><code>NOT_FOUND</code></dd>"),
        "{html}"
    );
}

/// The contacts example: English, with French and Russian translations.
fn contacts() -> Arc<Portal> {
    let compiled = errcat_runtime::compile(errcat_catalog::SourceFile::new(
        "examples/contacts/errors.toml",
        include_str!("../../../examples/contacts/errors.toml"),
    ))
    .expect("the contacts example checks");
    Arc::new(Portal::new(&[("contacts".to_owned(), compiled)]))
}

#[tokio::test]
async fn a_french_entry_page_shows_the_french_text_and_links_each_language() {
    let portal = contacts();
    let (status, _, html) = get(&portal, "/catalogs/contacts/fr/errors/contact_not_found").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.starts_with("<!doctype html>\n<html lang=\"fr\">"));
    assert!(html.contains("<h1><code>contact_not_found</code> — Contact introuvable</h1>"));
    assert!(
        html.contains(r#"<p class="message">Aucun contact avec l&#x27;identifiant <mark title="{id}">7</mark>.</p>"#),
        "{html}"
    );
    // Resolutions have no French text: shown in English, and marked so.
    assert!(html.contains(r#"<ul lang="en"><li>List contacts with"#));
    assert!(html.contains(
        r#"<nav class="languages" aria-label="Languages"><ul><li><a href="&#x2f;catalogs/contacts/errors/contact_not_found" hreflang="en" lang="en">English</a></li><li><span lang="fr" aria-current="page">Français</span></li><li><a href="&#x2f;catalogs/contacts/ru/errors/contact_not_found" hreflang="ru" lang="ru">Русский</a></li></ul></nav>"#
    ));
    // The example bodies answer in French, as `Accept-Language: fr` would.
    assert!(
        html.contains("&quot;detail&quot;: &quot;Aucun contact avec l&#x27;identifiant 7.&quot;")
    );

    let (status, _, html) = get(&portal, "/catalogs/contacts/fr").await;
    assert_eq!(status, 200);
    assert!(html.starts_with("<!doctype html>\n<html lang=\"fr\">"));
    assert!(html.contains(
        r#"<a href="&#x2f;catalogs/contacts/fr/errors/contact_not_found"><code>contact_not_found</code></a>"#
    ));
    assert!(html.contains("Contact introuvable"));
    assert!(
        html.contains(r#"<a href="&#x2f;catalogs/contacts" hreflang="en" lang="en">English</a>"#)
    );

    // The catalog's own pages link the translations, and are otherwise as before.
    let (_, _, html) = get(&portal, "/catalogs/contacts/errors/contact_not_found").await;
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert!(html.contains(
        r#"<a href="&#x2f;catalogs/contacts/fr/errors/contact_not_found" hreflang="fr" lang="fr">Français</a>"#
    ));
}

#[tokio::test]
async fn the_api_gives_an_entry_in_each_language_the_catalog_speaks() {
    let portal = contacts();
    for path in [
        "/api/v1/catalogs/contacts/fr/errors/contact_not_found",
        "/api/v1/catalogs/contacts/FR-ca/errors/contact_not_found",
    ] {
        let (status, _, body) = get(&portal, path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        let entry: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(entry["locale"], "fr", "{path}");
        assert_eq!(entry["title"], "Contact introuvable", "{path}");
    }
    let (_, _, body) = get(
        &portal,
        "/api/v1/catalogs/contacts/en/errors/contact_not_found",
    )
    .await;
    let entry: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(entry["locale"], "en");
    let (status, _, body) = get(
        &portal,
        "/api/v1/catalogs/contacts/de/errors/contact_not_found",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("locale_not_found"), "{body}");
}

#[tokio::test]
async fn a_translation_whose_source_changed_says_it_may_be_out_of_date() {
    let text = include_str!("../../../examples/contacts/errors.toml").replace(
        "title = \"Contact not found\"",
        "title = \"No such contact\"",
    );
    let compiled =
        errcat_runtime::compile(errcat_catalog::SourceFile::new("errors.toml", text)).unwrap();
    let portal = Arc::new(Portal::new(&[("contacts".to_owned(), compiled)]));
    let (_, _, html) = get(&portal, "/catalogs/contacts/fr/errors/contact_not_found").await;
    assert!(html.contains(
        r#"<p class="note" role="note">This translation may be out of date: the English title changed since it was made.</p>"#
    ), "{html}");
    let (_, _, html) = get(&portal, "/catalogs/contacts/fr/errors/contact_email_taken").await;
    assert!(!html.contains("out of date"), "its source did not change");
}

#[tokio::test]
async fn search_finds_translated_text_and_links_the_page_in_that_language() {
    let portal = contacts();
    let (status, _, body) = get(&portal, "/api/v1/search?q=introuvable").await;
    assert_eq!(status, 200);
    let hits: serde_json::Value = serde_json::from_str(&body).unwrap();
    let hits: Vec<(&str, &str, &str)> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| {
            (
                hit["id"].as_str().unwrap(),
                hit["translation"].as_str().unwrap_or("-"),
                hit["heading"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hits,
        [
            ("contact_not_found", "fr", "Contact introuvable"),
            ("route_not_found", "fr", "Introuvable")
        ]
    );
    let (_, _, body) = get(&portal, "/api/v1/search?q=contact_not_found").await;
    let hits: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(hits[0]["id"], "contact_not_found");
    assert!(
        hits[0].get("translation").is_none(),
        "a code finds the entry's own page"
    );

    let (_, _, html) = get(&portal, "/?q=%D0%BA%D0%BE%D0%BD%D1%82%D0%B0%D0%BA%D1%82").await;
    assert!(
        html.contains(r#"<a href="&#x2f;catalogs/contacts/ru/errors/contact_not_found" hreflang="ru" lang="ru"><code>contact_not_found</code> Контакт не найден</a>"#),
        "{html}"
    );
}

#[tokio::test]
async fn a_language_the_catalog_does_not_speak_is_the_portals_own_404() {
    let portal = contacts();
    for uri in [
        "/catalogs/contacts/de",
        "/catalogs/contacts/de/errors/contact_not_found",
        "/catalogs/contacts/errors",
    ] {
        let (status, headers, body) =
            send(&portal, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, 404, "{uri}");
        let document = problem(status, &headers, &body);
        assert_eq!(document["code"], "locale_not_found", "{uri}");
        let locale = uri.split('/').nth(3).unwrap();
        assert_eq!(
            document["detail"],
            format!(
                "Catalog \"contacts\" is not translated into \"{locale}\"; it speaks en, fr, ru."
            ),
            "{uri}"
        );
    }
    // A tag past 64 bytes is not shortened until it names one.
    let long = format!("/catalogs/contacts/fr{}", "-x".repeat(5_000));
    let (status, headers, body) =
        send(&portal, Request::get(long).body(Body::empty()).unwrap()).await;
    assert_eq!(problem(status, &headers, &body)["code"], "locale_not_found");
    let (status, headers, body) = send(
        &portal,
        Request::get("/catalogs/nope/fr")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(
        problem(status, &headers, &body)["code"],
        "catalog_not_found"
    );
    let (status, headers, body) = send(
        &portal,
        Request::get("/catalogs/contacts/fr/errors/nope")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(problem(status, &headers, &body)["code"], "entry_not_found");

    // A browser gets the page, the locale escaped like any text.
    let (status, headers, html) = send(
        &portal,
        Request::get("/catalogs/contacts/%3Cb%3E")
            .header("accept", "text/html")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(
        html.contains("Catalog &quot;contacts&quot; is not translated into &quot;&lt;b&gt;&quot;; it speaks en, fr, ru."),
        "{html}"
    );
}

/// A language is matched as `Accept-Language` is: `FR` and `fr-CA` name `fr`.
#[tokio::test]
async fn the_catalogs_own_language_and_other_spellings_redirect_to_the_one_address() {
    let portal = contacts();
    for (uri, location) in [
        (
            "/catalogs/contacts/en/errors/contact_not_found",
            "/catalogs/contacts/errors/contact_not_found",
        ),
        ("/catalogs/contacts/en", "/catalogs/contacts"),
        (
            "/catalogs/contacts/FR?status=404",
            "/catalogs/contacts/fr?status=404",
        ),
        ("/catalogs/contacts/fr-CA", "/catalogs/contacts/fr"),
        (
            "/catalogs/contacts/Ru/errors/invalid_contact",
            "/catalogs/contacts/ru/errors/invalid_contact",
        ),
    ] {
        let (status, headers, _) =
            send(&portal, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(headers["location"], location, "{uri}");
    }
}
