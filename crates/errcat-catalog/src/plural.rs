//! CLDR plural rules, from ICU4X's `icu_plurals` with its compiled data: no
//! plural rule is written by hand here.
//!
//! A plural form in a template (`{count, plural, one {...} other {...}}`)
//! chooses its arm by the category the rules of the text's locale give the
//! number: English has `one` and `other`, Russian `one`, `few`, `many` and
//! `other`, Arabic all six.

use icu_locale_core::Locale;
pub use icu_plurals::{PluralCategory, PluralOperands};

/// How many whole numbers from 0 have their category kept, so the counts
/// messages usually carry choose their form with one lookup.
const SMALL: usize = 128;

/// A language's cardinal plural rules (CLDR, from ICU4X), with the
/// categories of the numbers below 128 worked out once.
#[derive(Debug)]
pub struct PluralRules {
    rules: icu_plurals::PluralRules,
    small: [PluralCategory; SMALL],
}

impl PluralRules {
    fn new(rules: icu_plurals::PluralRules) -> PluralRules {
        let small = std::array::from_fn(|n| rules.category_for(n));
        PluralRules { rules, small }
    }

    /// The category of a number given by its plural operands.
    pub fn category_for(&self, operands: impl Into<PluralOperands>) -> PluralCategory {
        self.rules.category_for(operands)
    }

    /// The category of a whole number.
    #[inline]
    pub fn category_of_int(&self, number: i64) -> PluralCategory {
        match usize::try_from(number) {
            Ok(small) if small < SMALL => self.small[small],
            _ => self.rules.category_for(number),
        }
    }

    /// The categories the language uses, in CLDR order (`zero` to `other`).
    pub fn categories(&self) -> Vec<PluralCategory> {
        let used: Vec<PluralCategory> = self.rules.categories().collect();
        [
            PluralCategory::Zero,
            PluralCategory::One,
            PluralCategory::Two,
            PluralCategory::Few,
            PluralCategory::Many,
            PluralCategory::Other,
        ]
        .into_iter()
        .filter(|category| used.contains(category))
        .collect()
    }
}

/// The CLDR name of a category (`few`).
pub fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The plural operands of a number written as text (`5`, `-1`, `1.50`:
/// visible fraction digits count, as CLDR says); `None` for anything else.
pub fn operands(text: &str) -> Option<PluralOperands> {
    let text = text.trim();
    // A plural chooses by magnitude; longer text is not a number anyone sends.
    if text.is_empty() || text.len() > 64 {
        return None;
    }
    let decimal: fixed_decimal::Decimal = text.parse().ok()?;
    Some(PluralOperands::from(&decimal))
}

/// How to write `tag`, which is not a language tag: `fr-FR` for `fr_FR`,
/// else what a language tag looks like.
pub fn tag_help(tag: &str) -> String {
    let dashed = tag.replace('_', "-");
    if dashed != tag && parse_locale(&dashed).is_ok() {
        format!("language tags join their parts with `-`: write `{dashed}`")
    } else {
        "write a language tag such as `fr`, `pt-BR` or `zh-Hant`".into()
    }
}

/// A BCP 47 language tag, checked (`fr`, `fr-CA`, `zh-Hant-TW`).
pub fn parse_locale(tag: &str) -> Result<Locale, String> {
    tag.parse::<Locale>()
        .map_err(|error| format!("`{tag}` is not a BCP 47 language tag ({error})"))
}

/// The cardinal plural rules of `tag`'s language; `None` when `tag` is not
/// a language tag. A language CLDR has no rules for gets the root rules
/// (every number is `other`).
pub fn rules_for(tag: &str) -> Option<PluralRules> {
    let locale = parse_locale(tag).ok()?;
    icu_plurals::PluralRules::try_new_cardinal((&locale).into())
        .ok()
        .map(PluralRules::new)
}

/// Whether `tag` starts with a language ISO 639 lists (`ja`, `fil`), or one
/// kept for private use (`qaa` to `qtz`): a country code (`jp`, `cn`) or a
/// typo is well formed, but no client asks for it, and CLDR has no plural
/// rules for it (every number would be `other`).
pub fn names_a_language(tag: &str) -> bool {
    let Ok(locale) = parse_locale(tag) else {
        return false;
    };
    let language = locale.id.language.as_str();
    match language.len() {
        2 => isolang::Language::from_639_1(language).is_some(),
        3 => {
            isolang::Language::from_639_3(language).is_some() || ("qaa"..="qtz").contains(&language)
        }
        _ => false,
    }
}

/// Two-letter language codes ISO 639 withdrew, with the code that replaced
/// each (their `Preferred-Value` in the IANA language subtag registry).
const WITHDRAWN_LANGUAGES: [(&str, &str); 5] = [
    ("in", "id"),
    ("iw", "he"),
    ("ji", "yi"),
    ("jw", "jv"),
    ("mo", "ro"),
];

/// A language tag as BCP 47 prefers it written, from one that is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferredTag {
    /// The tag with its language respelled (`he-IL`, `en-GB`).
    pub tag: String,
    /// Whether the language was a code ISO 639 withdrew (`iw`), rather
    /// than a three-letter code with a two-letter one (`eng`).
    pub withdrawn: bool,
}

/// `tag` written as BCP 47 prefers it, when it is written otherwise: a
/// language ISO 639 withdrew under the code that replaced it (`iw-IL` ->
/// `he-IL`), a three-letter language with its two-letter code (`eng-GB` ->
/// `en-GB`). Clients ask for the preferred spelling, which is given in the
/// usual case (`IW-il` -> `he-IL`).
pub fn preferred_tag(tag: &str) -> Option<PreferredTag> {
    let mut locale = parse_locale(tag).ok()?;
    let language = locale.id.language.as_str();
    let (now, withdrawn) = match WITHDRAWN_LANGUAGES.iter().find(|(old, _)| *old == language) {
        Some(&(_, now)) => (now, true),
        None if language.len() == 3 => {
            (isolang::Language::from_639_3(language)?.to_639_1()?, false)
        }
        None => return None,
    };
    locale.id.language = now.parse().ok()?;
    Some(PreferredTag {
        tag: locale.to_string(),
        withdrawn,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_respelled_as_bcp_47_prefers() {
        let preferred = |tag: &str| preferred_tag(tag).map(|found| (found.tag, found.withdrawn));
        assert_eq!(preferred("eng"), Some(("en".into(), false)));
        assert_eq!(preferred("fra-CA"), Some(("fr-CA".into(), false)));
        assert_eq!(preferred("iw"), Some(("he".into(), true)));
        assert_eq!(preferred("IW-il"), Some(("he-IL".into(), true)));
        assert_eq!(
            preferred("iw-u-nu-latn"),
            Some(("he-u-nu-latn".into(), true))
        );
        assert_eq!(preferred("in-ID"), Some(("id-ID".into(), true)));
        assert_eq!(preferred("ji"), Some(("yi".into(), true)));
        for kept in ["fil", "en", "he", "yue", "not a tag"] {
            assert_eq!(preferred(kept), None, "{kept}");
        }
    }

    #[test]
    fn country_codes_and_typos_are_told_from_languages() {
        for language in [
            "en",
            "fr-CA",
            "pt-BR",
            "zh-Hant-TW",
            "ja",
            "fil",
            "yue",
            "qaa",
            "se",
        ] {
            assert!(names_a_language(language), "{language}");
        }
        for not_one in ["jp", "cn", "gr", "xx", "zzz", "not a tag"] {
            assert!(!names_a_language(not_one), "{not_one}");
        }
    }

    fn names(tag: &str) -> Vec<&'static str> {
        rules_for(tag)
            .expect("a tag")
            .categories()
            .into_iter()
            .map(category_name)
            .collect()
    }

    #[test]
    fn languages_have_their_cldr_categories() {
        assert_eq!(names("en"), ["one", "other"]);
        assert_eq!(names("fr-CA"), ["one", "many", "other"]);
        assert_eq!(names("ru"), ["one", "few", "many", "other"]);
        assert_eq!(names("ar"), ["zero", "one", "two", "few", "many", "other"]);
        assert_eq!(names("ja"), ["other"]);
    }

    #[test]
    fn russian_numbers_take_their_forms() {
        let rules = rules_for("ru").unwrap();
        let category = |n: u64| category_name(rules.category_for(n));
        assert_eq!(
            [1, 2, 5, 11, 21, 22, 25].map(category),
            ["one", "few", "many", "many", "one", "few", "many"]
        );
    }

    #[test]
    fn whole_numbers_take_the_category_the_rules_give_them() {
        for tag in ["en", "fr", "ru", "ar", "pl", "lv"] {
            let rules = rules_for(tag).unwrap();
            for number in [0_i64, 1, 2, 5, 11, 21, 101, 127, 128, 1_000_000, -3] {
                assert_eq!(
                    rules.category_of_int(number),
                    rules.category_for(number),
                    "{tag} {number}"
                );
            }
        }
    }

    #[test]
    fn numbers_in_text_keep_their_fraction_digits() {
        let rules = rules_for("en").unwrap();
        let category = |text: &str| operands(text).map(|o| category_name(rules.category_for(o)));
        assert_eq!(category("1"), Some("one"));
        assert_eq!(category("1.0"), Some("other"));
        assert_eq!(category(" 2 "), Some("other"));
        assert_eq!(category("x"), None);
        assert_eq!(category(&"9".repeat(100)), None);
    }

    #[test]
    fn a_malformed_tag_has_no_rules() {
        assert!(rules_for("not a tag").is_none());
        assert!(parse_locale("fr_FR!").is_err());
    }
}
