//! Names of languages, for the language switcher (each language in its own
//! words: `Français`) and for notes written in English (`French`).
//!
//! A short table of widely used languages rather than CLDR's display names:
//! a tag it does not know is shown as written (`tlh`), which a switcher can
//! live with.

/// `(primary language subtag, English name, name in the language itself)`.
const NAMES: &[(&str, &str, &str)] = &[
    ("ar", "Arabic", "العربية"),
    ("bg", "Bulgarian", "Български"),
    ("bn", "Bengali", "বাংলা"),
    ("ca", "Catalan", "Català"),
    ("cs", "Czech", "Čeština"),
    ("da", "Danish", "Dansk"),
    ("de", "German", "Deutsch"),
    ("el", "Greek", "Ελληνικά"),
    ("en", "English", "English"),
    ("es", "Spanish", "Español"),
    ("et", "Estonian", "Eesti"),
    ("fa", "Persian", "فارسی"),
    ("fi", "Finnish", "Suomi"),
    ("fr", "French", "Français"),
    ("he", "Hebrew", "עברית"),
    ("hi", "Hindi", "हिन्दी"),
    ("hr", "Croatian", "Hrvatski"),
    ("hu", "Hungarian", "Magyar"),
    ("id", "Indonesian", "Bahasa Indonesia"),
    ("it", "Italian", "Italiano"),
    ("ja", "Japanese", "日本語"),
    ("kk", "Kazakh", "Қазақ тілі"),
    ("ko", "Korean", "한국어"),
    ("lt", "Lithuanian", "Lietuvių"),
    ("lv", "Latvian", "Latviešu"),
    ("ms", "Malay", "Bahasa Melayu"),
    ("nb", "Norwegian Bokmål", "Norsk bokmål"),
    ("nl", "Dutch", "Nederlands"),
    ("no", "Norwegian", "Norsk"),
    ("pl", "Polish", "Polski"),
    ("pt", "Portuguese", "Português"),
    ("ro", "Romanian", "Română"),
    ("ru", "Russian", "Русский"),
    ("sk", "Slovak", "Slovenčina"),
    ("sl", "Slovenian", "Slovenščina"),
    ("sr", "Serbian", "Српски"),
    ("sv", "Swedish", "Svenska"),
    ("th", "Thai", "ไทย"),
    ("tr", "Turkish", "Türkçe"),
    ("uk", "Ukrainian", "Українська"),
    ("vi", "Vietnamese", "Tiếng Việt"),
    ("zh", "Chinese", "中文"),
];

fn row(tag: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    let language = tag.split(['-', '_']).next().unwrap_or_default();
    NAMES
        .iter()
        .find(|(code, _, _)| code.eq_ignore_ascii_case(language))
}

/// Whether `tag` is more than a language (`pt-BR`, `zh-Hant`): its name then
/// carries the whole tag, so two variants of a language read apart.
fn qualified(tag: &str, name: &str) -> String {
    if tag.contains(['-', '_']) {
        format!("{name} ({tag})")
    } else {
        name.to_owned()
    }
}

/// The language of `tag` in its own words (`Français`, `Português (pt-BR)`);
/// the tag itself when the table does not know it.
pub fn native_name(tag: &str) -> String {
    row(tag).map_or_else(|| tag.to_owned(), |(_, _, native)| qualified(tag, native))
}

/// The language of `tag` in English (`French`), for notes the pages write in
/// English; `` `tag` `` when the table does not know it.
pub fn english_name(tag: &str) -> String {
    row(tag).map_or_else(
        || format!("`{tag}`"),
        |(_, english, _)| qualified(tag, english),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_named_in_their_own_words_and_variants_keep_their_tag() {
        assert_eq!(native_name("fr"), "Français");
        assert_eq!(native_name("RU"), "Русский");
        assert_eq!(native_name("pt-BR"), "Português (pt-BR)");
        assert_eq!(native_name("tlh"), "tlh");
        assert_eq!(english_name("fr"), "French");
        assert_eq!(english_name("tlh"), "`tlh`");
    }

    #[test]
    fn the_table_is_sorted_and_has_each_language_once() {
        assert!(NAMES.windows(2).all(|pair| pair[0].0 < pair[1].0));
    }
}
