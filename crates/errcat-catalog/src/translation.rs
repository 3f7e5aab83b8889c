//! What a translation translates: its fields, and the stamp of the source
//! text it was made from, so a change to the source marks it stale.
//!
//! A stamp names each translated field with a hash of the source text it
//! had (`title:23bd0932 message:112d3316`), so a stale translation says
//! which field changed. The hash is 32 bits of FNV-1a: a stamp tells
//! versions of one text apart, it is no checksum against tampering.

use std::hash::Hasher;

use crate::model::{Entry, Translation};

/// The text fields of an entry a translation may carry, in stamp order.
pub const FIELDS: [&str; 7] = [
    "title",
    "message",
    "summary",
    "description",
    "causes",
    "resolutions",
    "suggestion",
];

/// A language range and each shorter range RFC 4647 lookup tries after it,
/// longest first: `zh-Hant-CN` gives `zh-Hant-CN`, `zh-Hant`, `zh`. A
/// single-letter subtag (`x`, an extension) never ends one, so `fr-x-foo`
/// gives `fr-x-foo`, `fr`.
pub fn lookup_candidates(range: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(Some(range), |candidate| {
        let mut shorter = &candidate[..candidate.rfind('-')?];
        if let Some(cut) = shorter.rfind('-')
            && shorter.len() - cut == 2
        {
            shorter = &shorter[..cut];
        }
        Some(shorter)
    })
}

/// The text of `field` in `entry` (lists joined by line breaks); empty
/// when the entry has none.
pub fn source_text(entry: &Entry, field: &str) -> String {
    match field {
        "title" => entry.title.clone().unwrap_or_default(),
        "message" => entry.message.clone().unwrap_or_default(),
        "summary" => entry.summary.clone().unwrap_or_default(),
        "description" => entry.description.clone().unwrap_or_default(),
        "causes" => entry.causes.join("\n"),
        "resolutions" => entry.resolutions.join("\n"),
        "suggestion" => entry.suggestion.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// The text of `field` in `translation` (lists joined by line breaks);
/// empty when it does not carry it.
pub fn translated_text(translation: &Translation, field: &str) -> String {
    match field {
        "title" => translation.title.clone().unwrap_or_default(),
        "message" => translation.message.clone().unwrap_or_default(),
        "summary" => translation.summary.clone().unwrap_or_default(),
        "description" => translation.description.clone().unwrap_or_default(),
        "causes" => translation.causes.join("\n"),
        "resolutions" => translation.resolutions.join("\n"),
        "suggestion" => translation.suggestion.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// Whether `translation` carries `field`.
pub fn has_field(translation: &Translation, field: &str) -> bool {
    match field {
        "title" => translation.title.is_some(),
        "message" => translation.message.is_some(),
        "summary" => translation.summary.is_some(),
        "description" => translation.description.is_some(),
        "causes" => !translation.causes.is_empty(),
        "resolutions" => !translation.resolutions.is_empty(),
        "suggestion" => translation.suggestion.is_some(),
        _ => false,
    }
}

/// The fields `translation` carries, in stamp order.
pub fn fields(translation: &Translation) -> impl Iterator<Item = &'static str> + '_ {
    FIELDS
        .into_iter()
        .filter(|field| has_field(translation, field))
}

/// The fields `translation` carries that `entry` has text for, in stamp
/// order: what a stamp records. A field with no source text has nothing to
/// go stale against (`translation-without-source` reports it).
pub fn stamped_fields<'t>(
    entry: &'t Entry,
    translation: &'t Translation,
) -> impl Iterator<Item = &'static str> + 't {
    fields(translation).filter(|field| !source_text(entry, field).is_empty())
}

fn hash(text: &str) -> String {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(text.as_bytes());
    let full = hasher.finish();
    format!("{:08x}", (full ^ (full >> 32)) as u32)
}

/// The stamp of `entry`'s current source text for the fields `translation`
/// carries: what `translated_from` says once the translation is current.
pub fn stamp(entry: &Entry, translation: &Translation) -> String {
    stamped_fields(entry, translation)
        .map(|field| format!("{field}:{}", hash(&source_text(entry, field))))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How a translation stands against its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// Made from the current source text.
    Current,
    /// No `translated_from`: nobody can tell.
    Unstamped,
    /// These fields' source text changed (or was never stamped) since.
    Stale(Vec<&'static str>),
}

/// The parts of a `translated_from` value that are not `FIELD:HASH` as
/// [`stamp`] writes them (a field it names, 8 lower-case hex digits).
pub fn unreadable_stamp_parts(recorded: &str) -> impl Iterator<Item = &str> {
    recorded.split_whitespace().filter(|part| {
        !part.split_once(':').is_some_and(|(field, hash)| {
            FIELDS.contains(&field)
                && hash.len() == 8
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
    })
}

/// Compares `translation`'s stamp with `entry`'s current text.
pub fn freshness(entry: &Entry, translation: &Translation) -> Freshness {
    let Some(recorded) = translation.translated_from.as_deref() else {
        return Freshness::Unstamped;
    };
    let recorded: Vec<(&str, &str)> = recorded
        .split_whitespace()
        .filter_map(|part| part.split_once(':'))
        .collect();
    let stale: Vec<&'static str> = stamped_fields(entry, translation)
        .filter(|field| {
            let current = hash(&source_text(entry, field));
            !recorded
                .iter()
                .any(|(name, value)| name == field && *value == current)
        })
        .collect();
    if stale.is_empty() {
        Freshness::Current
    } else {
        Freshness::Stale(stale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(message: &str) -> Entry {
        Entry {
            id: "a".into(),
            title: Some("Not found".into()),
            message: Some(message.into()),
            ..Entry::default()
        }
    }

    #[test]
    fn lookup_candidates_shorten_a_subtag_at_a_time() {
        let all = |range| lookup_candidates(range).collect::<Vec<_>>();
        assert_eq!(all("zh-Hant-CN"), ["zh-Hant-CN", "zh-Hant", "zh"]);
        assert_eq!(all("fr-x-foo"), ["fr-x-foo", "fr"]);
        assert_eq!(all("fr"), ["fr"]);
    }

    #[test]
    fn a_stamp_names_each_translated_field() {
        let translation = Translation {
            message: Some("Introuvable".into()),
            causes: vec!["x".into()],
            ..Translation::default()
        };
        let with_causes = Entry {
            causes: vec!["It was deleted.".into()],
            ..entry("No contact")
        };
        let stamp = stamp(&with_causes, &translation);
        let names: Vec<_> = stamp
            .split(' ')
            .map(|part| part.split(':').next().unwrap())
            .collect();
        assert_eq!(names, ["message", "causes"]);
        for part in stamp.split(' ') {
            let (_, hash) = part.split_once(':').unwrap();
            assert_eq!(hash.len(), 8, "{stamp}");
            assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{stamp}");
        }
    }

    #[test]
    fn a_changed_source_field_is_named_stale() {
        let mut translation = Translation {
            title: Some("Introuvable".into()),
            message: Some("Aucun contact".into()),
            ..Translation::default()
        };
        assert_eq!(
            freshness(&entry("No contact"), &translation),
            Freshness::Unstamped
        );
        translation.translated_from = Some(stamp(&entry("No contact"), &translation));
        assert_eq!(
            freshness(&entry("No contact"), &translation),
            Freshness::Current
        );
        assert_eq!(
            freshness(&entry("No contact with that id"), &translation),
            Freshness::Stale(vec!["message"])
        );
    }

    #[test]
    fn a_field_added_after_stamping_is_stale() {
        let mut translation = Translation {
            message: Some("Aucun contact".into()),
            ..Translation::default()
        };
        translation.translated_from = Some(stamp(&entry("No contact"), &translation));
        translation.title = Some("Introuvable".into());
        assert_eq!(
            freshness(&entry("No contact"), &translation),
            Freshness::Stale(vec!["title"])
        );
    }

    #[test]
    fn a_field_with_no_source_text_is_not_stamped_and_never_stale() {
        let mut translation = Translation {
            message: Some("Aucun contact".into()),
            suggestion: Some("Vérifiez l'id.".into()),
            ..Translation::default()
        };
        let source = entry("No contact");
        assert_eq!(
            stamped_fields(&source, &translation).collect::<Vec<_>>(),
            ["message"]
        );
        translation.translated_from = Some(stamp(&source, &translation));
        assert_eq!(freshness(&source, &translation), Freshness::Current);
    }
}
