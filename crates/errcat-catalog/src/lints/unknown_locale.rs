//! A locale that is not a BCP 47 language tag, or translations into the
//! catalog's own locale: neither could ever be negotiated. A well-formed tag
//! of no language (`jp`, Japan's country code) is a warning: no client asks
//! for it.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::plural::{names_a_language, parse_locale, tag_help, with_shortest_language};

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let catalog = &context.parsed.catalog;
    if let Some(locale) = catalog.catalog.locale.as_deref() {
        let span = context.parsed.spans.catalog.get("locale").cloned();
        match parse_locale(locale) {
            Err(problem) => diagnostics.push(
                Diagnostic::error("unknown-locale", format!("the catalog's locale: {problem}"))
                    .at(span)
                    .help(tag_help(locale)),
            ),
            Ok(_) if !names_a_language(locale) => {
                diagnostics.push(no_language(locale).at(span));
            }
            Ok(_) if let Some(short) = with_shortest_language(locale) => {
                diagnostics.push(longer_code(locale, &short).at(span));
            }
            Ok(_) => {}
        }
    }
    let source = catalog.source_locale();
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for tag in catalog.translations.keys() {
        if let Some(first) = seen.insert(tag.to_ascii_lowercase(), tag) {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-locale",
                    format!("`{tag}` and `{first}` name the same language"),
                )
                .at(context.locale_span(tag))
                .label("tags are compared without case")
                .help(format!(
                    "move these translations under `[translations.{first}]`"
                )),
            );
            continue;
        }
        if let Err(problem) = parse_locale(tag) {
            diagnostics.push(
                Diagnostic::error("unknown-locale", problem)
                    .at(context.locale_span(tag))
                    .label("not a language tag")
                    .help(tag_help(tag)),
            );
            continue;
        }
        // The catalog's own locale (an error: these translations are never
        // used) is said whatever else is wrong with the tag.
        if tag.eq_ignore_ascii_case(source) {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-locale",
                    format!("translations into `{tag}`, the catalog's own locale"),
                )
                .at(context.locale_span(tag))
                .label("the entries' own text is in this locale")
                .help("change the entries themselves, or set `[catalog] locale` to the language they are written in"),
            );
        } else if !names_a_language(tag) {
            diagnostics.push(no_language(tag).at(context.locale_span(tag)));
        } else if let Some(short) = with_shortest_language(tag) {
            diagnostics.push(longer_code(tag, &short).at(context.locale_span(tag)));
        }
    }
}

/// A well-formed tag whose language ISO 639 does not list.
fn no_language(tag: &str) -> Diagnostic {
    Diagnostic::warning(
        "unknown-locale",
        format!("`{tag}` names no language: no client asks for it"),
    )
    .label("not an ISO 639 language code")
    .help("a language tag starts with a language (`ja`, `zh`, `el`), not a country (`jp`, `cn`, `gr`)")
}

/// A three-letter language that has a two-letter code, which clients send.
fn longer_code(tag: &str, short: &str) -> Diagnostic {
    Diagnostic::warning(
        "unknown-locale",
        format!("`{tag}` is written `{short}`: clients ask for `{short}`, never for `{tag}`"),
    )
    .label("a language with a two-letter code")
    .help(format!(
        "write `{short}`: a language tag uses the shortest ISO 639 code"
    ))
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn a_tag_of_no_language_is_a_warning_at_its_key() {
        let text = "[catalog]\nlocale = \"en\"\n[[errors]]\nid = \"a\"\nmessage = \"x\"\n[translations.jp.a]\nmessage = \"y\"\n[translations.ja.a]\nmessage = \"z\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [(
                "6:15".into(),
                "Warning: `jp` names no language: no client asks for it".into()
            )]
        );
        let text = "[catalog]\nlocale = \"cn\"\n[[errors]]\nid = \"a\"\nmessage = \"x\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [(
                "2:10".into(),
                "Warning: `cn` names no language: no client asks for it".into()
            )]
        );
        let own = "[catalog]\nlocale = \"jp\"\n[[errors]]\nid = \"a\"\nmessage = \"x\"\n[translations.jp.a]\nmessage = \"y\"\n";
        let found = run_lint(super::check, own);
        assert!(
            found.contains(&(
                "6:15".into(),
                "Error: translations into `jp`, the catalog's own locale".into()
            )),
            "{found:?}"
        );
        let text = "[catalog]\nlocale = \"eng\"\n[[errors]]\nid = \"a\"\nmessage = \"x\"\n[translations.fra-CA.a]\nmessage = \"y\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [
                (
                    "2:10".into(),
                    "Warning: `eng` is written `en`: clients ask for `en`, never for `eng`".into()
                ),
                (
                    "6:15".into(),
                    "Warning: `fra-CA` is written `fr-CA`: clients ask for `fr-CA`, never for `fra-CA`"
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn two_spellings_of_one_language_are_reported() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"x\"\n[translations.fr.a]\nmessage = \"y\"\n[translations.FR.a]\nmessage = \"z\"\n";
        assert_eq!(
            super::super::test_support::run_lint(super::check, text),
            [(
                "6:15".into(),
                "Error: `FR` and `fr` name the same language".into()
            )]
        );
    }

    #[test]
    fn a_malformed_tag_and_the_source_locale_are_reported_at_their_key() {
        let text = "[catalog]\nlocale = \"en\"\n[[errors]]\nid = \"a\"\nmessage = \"x\"\n[translations.fr_FR.a]\nmessage = \"y\"\n[translations.en.a]\nmessage = \"z\"\n[translations.de.a]\nmessage = \"w\"\n";
        let found = run_lint(super::check, text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "6:15");
        assert!(
            found[0]
                .1
                .starts_with("Error: `fr_FR` is not a BCP 47 language tag"),
            "{found:?}"
        );
        assert_eq!(
            found[1],
            (
                "8:15".into(),
                "Error: translations into `en`, the catalog's own locale".into()
            )
        );
    }
}
