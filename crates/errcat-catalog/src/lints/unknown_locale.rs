//! A locale that is not a BCP 47 language tag, or translations into the
//! catalog's own locale: neither could ever be negotiated. A well-formed tag
//! of no language (`jp`, Japan's country code) is a warning: no client asks
//! for it, and so is a tag clients spell otherwise (`iw` for `he`, `eng`
//! for `en`).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

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
    // A tag as clients spell it, in lower case: `IW-il`, `iw-IL` and
    // `he-IL` are one language, which one set of translations speaks.
    let spelled = |tag: &str, preferred: Option<&PreferredTag>| {
        preferred
            .map_or(tag, |preferred| &preferred.tag)
            .to_ascii_lowercase()
    };
    let own = spelled(source, preferred_tag(source).as_ref());
    // Per spelling, the first tag with it, and whether clients spell it so.
    let mut seen: HashMap<String, (&str, bool)> = HashMap::new();
    for tag in catalog.translations.keys() {
        let preferred = preferred_tag(tag);
        let spelling = spelled(tag, preferred.as_ref());
        match seen.entry(spelling.clone()) {
            Entry::Occupied(first) => {
                let diagnostic = same_language(tag, *first.get(), preferred.as_ref());
                diagnostics.push(diagnostic.at(context.locale_span(tag)));
                continue;
            }
            Entry::Vacant(place) => {
                place.insert((tag, preferred.is_none()));
            }
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
        if spelling == own {
            let named = if tag.eq_ignore_ascii_case(source) {
                format!("translations into `{tag}`, the catalog's own locale")
            } else {
                format!("translations into `{tag}`, which is `{source}`, the catalog's own locale")
            };
            diagnostics.push(
                Diagnostic::error("unknown-locale", named)
                    .at(context.locale_span(tag))
                    .label("the entries' own text is in this locale")
                    .help("change the entries themselves, or set `[catalog] locale` to the language they are written in"),
            );
        } else if let Some(preferred) = &preferred {
            diagnostics.push(respelled(tag, preferred).at(context.locale_span(tag)));
        } else if !names_a_language(tag) {
            diagnostics.push(no_language(tag).at(context.locale_span(tag)));
        }
    }
}

/// Two tags of translations that name one language: in another case, or
/// one written as clients spell it and one not (`en-GB`, `eng-GB`). `first`
/// is the tag seen first, and whether clients spell it so; `preferred`,
/// how clients spell `tag` when they spell it otherwise.
fn same_language(tag: &str, first: (&str, bool), preferred: Option<&PreferredTag>) -> Diagnostic {
    let (first, first_as_sent) = first;
    // The spelling to keep: one clients send.
    let keep = match preferred {
        _ if first_as_sent => first,
        None => tag,
        Some(preferred) => &preferred.tag,
    };
    let label = if tag.eq_ignore_ascii_case(first) {
        "tags are compared without case"
    } else {
        "the same language, spelled another way"
    };
    // Every later spelling names the first: clipped, so that many
    // spellings of one long tag do not each repeat it whole.
    let (first, keep) = (super::clipped(first), super::clipped(keep));
    Diagnostic::error(
        "unknown-locale",
        format!("`{tag}` and `{first}` name the same language"),
    )
    .label(label)
    .help(format!(
        "move these translations under `[translations.{keep}]`"
    ))
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
    fn tags_that_respell_alike_or_to_the_catalog_s_own_locale_are_errors() {
        // `heb-IL` and `IW-il` are both `he-IL`; the second says so, and
        // names the spelling to keep.
        let text = "[catalog]\nlocale = \"he\"\n[[errors]]\nid = \"a\"\nmessage = \"x\"\n[translations.heb-IL.a]\nmessage = \"y\"\n[translations.IW-il.a]\nmessage = \"z\"\n[translations.iw.a]\nmessage = \"w\"\n";
        let found = super::super::test_support::run_lint(super::check, text);
        assert_eq!(
            found,
            [
                (
                    "6:15".into(),
                    "Warning: `heb-IL` is written `he-IL`: clients ask for `he-IL`, never for `heb-IL`"
                        .into()
                ),
                (
                    "8:15".into(),
                    "Error: `IW-il` and `heb-IL` name the same language".into()
                ),
                (
                    "10:15".into(),
                    "Error: translations into `iw`, which is `he`, the catalog's own locale".into()
                ),
            ]
        );
        // The catalog's own locale respelled: its translations into `he` are its own.
        let text = "[catalog]\nlocale = \"iw\"\n[[errors]]\nid = \"a\"\nmessage = \"x\"\n[translations.he.a]\nmessage = \"y\"\n";
        let found = super::super::test_support::run_lint(super::check, text);
        assert!(
            found.contains(&(
                "6:15".into(),
                "Error: translations into `he`, which is `iw`, the catalog's own locale".into()
            )),
            "{found:?}"
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

    #[test]
    fn many_spellings_of_one_long_tag_name_it_clipped() {
        // 256 case spellings of one 4,000-byte tag: each later one names
        // the first, which a message quotes at most 128 bytes of.
        let long = "x".repeat(4_000);
        let mut text = String::from("[[errors]]\nid = \"a\"\nmessage = \"x\"\n");
        for variant in 0..256_u32 {
            let cased: String = "abcdefgh"
                .chars()
                .enumerate()
                .map(|(at, c)| {
                    if variant >> at & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect();
            text.push_str(&format!(
                "[translations.\"{long}{cased}\".a]\nmessage = \"y\"\n"
            ));
        }
        let found = super::super::test_support::run_lint(super::check, &text);
        let same: Vec<_> = found
            .iter()
            .filter(|(_, message)| message.contains("name the same language"))
            .collect();
        assert_eq!(same.len(), 255);
        // Each names its own tag (4,008 bytes) and the first, clipped.
        assert!(
            same.iter().all(|(_, message)| message.len() < 4_300),
            "{}",
            same[0].1.len()
        );
    }
}
