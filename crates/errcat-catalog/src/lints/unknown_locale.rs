//! A locale that is not a BCP 47 language tag, or translations into the
//! catalog's own locale: neither could ever be negotiated. A well-formed tag
//! of no language (`jp`, Japan's country code) is a warning: no client asks
//! for it, and so is a tag clients spell otherwise (`iw` for `he`, `eng`
//! for `en`).

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::plural::{PreferredTag, names_a_language, parse_locale, preferred_tag, tag_help};

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
            Ok(_) if let Some(preferred) = preferred_tag(locale) => {
                diagnostics.push(respelled(locale, &preferred).at(span));
            }
            Ok(_) if !names_a_language(locale) => {
                diagnostics.push(no_language(locale).at(span));
            }
            Ok(_) => {}
        }
    }
    let source = catalog.source_locale();
    // Every tag, by its lower case: a respelled tag may name one already there.
    let tags: std::collections::HashMap<String, &str> = catalog
        .translations
        .keys()
        .map(|tag| (tag.to_ascii_lowercase(), tag.as_str()))
        .collect();
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
        } else if let Some(preferred) = preferred_tag(tag) {
            let diagnostic = match tags.get(&preferred.tag.to_ascii_lowercase()) {
                // `eng-GB` beside `en-GB`: both are the same language.
                Some(other) => Diagnostic::error(
                    "unknown-locale",
                    format!("`{tag}` and `{other}` name the same language"),
                )
                .label(format!("`{other}` written another way"))
                .help(format!(
                    "move these translations under `[translations.{other}]`"
                )),
                None => respelled(tag, &preferred),
            };
            diagnostics.push(diagnostic.at(context.locale_span(tag)));
        } else if !names_a_language(tag) {
            diagnostics.push(no_language(tag).at(context.locale_span(tag)));
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

/// A tag clients spell otherwise: a language ISO 639 withdrew, or a
/// three-letter language that has a two-letter code.
fn respelled(tag: &str, preferred: &PreferredTag) -> Diagnostic {
    let short = &preferred.tag;
    if preferred.withdrawn {
        Diagnostic::warning(
            "unknown-locale",
            format!("`{tag}` is written `{short}`: ISO 639 withdrew its code, and clients ask for `{short}`"),
        )
        .label("a language code ISO 639 withdrew")
        .help(format!("write `{short}`, the code that replaced it"))
    } else {
        Diagnostic::warning(
            "unknown-locale",
            format!("`{tag}` is written `{short}`: clients ask for `{short}`, never for `{tag}`"),
        )
        .label("a language with a two-letter code")
        .help(format!(
            "write `{short}`: a language tag uses the shortest ISO 639 code"
        ))
    }
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

    #[test]
    fn a_withdrawn_code_is_named_with_the_one_that_replaced_it() {
        let text = "[catalog]\nlocale = \"iw\"\n[[errors]]\nid = \"a\"\nmessage = \"x\"\n[translations.ji.a]\nmessage = \"y\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [
                (
                    "2:10".into(),
                    "Warning: `iw` is written `he`: ISO 639 withdrew its code, and clients ask for `he`"
                        .into()
                ),
                (
                    "6:15".into(),
                    "Warning: `ji` is written `yi`: ISO 639 withdrew its code, and clients ask for `yi`"
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn a_respelled_tag_beside_its_preferred_spelling_is_one_language_twice() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"x\"\n[translations.en-GB.a]\nmessage = \"y\"\n[translations.eng-GB.a]\nmessage = \"z\"\n";
        assert_eq!(
            run_lint(super::check, text),
            [(
                "6:15".into(),
                "Error: `eng-GB` and `en-GB` name the same language".into()
            )]
        );
    }
}
