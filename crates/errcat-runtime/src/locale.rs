//! Choosing the language of an error: `Accept-Language` (RFC 9110 §12.5.4)
//! read into language ranges, best first, and matched against a catalog's
//! locales by RFC 4647 lookup (§3.4): each range is tried, then shortened a
//! subtag at a time (`fr-CA` → `fr`), and the first that names a locale wins;
//! none gives the catalog's own language.
//!
//! Both are a few lines over the RFCs rather than a crate: the language
//! negotiation crates at hand order ranges as written and ignore `q`, and a
//! header is untrusted input, so the work here is bounded: at most
//! [`MAX_LANGUAGE_RANGES`] ranges are read, each tried against each locale.

/// Most language ranges read from one `Accept-Language` value; the rest are ignored.
pub const MAX_LANGUAGE_RANGES: usize = 32;

/// Longest language range considered (RFC 5646 tags in use are far shorter).
const MAX_RANGE_BYTES: usize = 64;

/// The language ranges of an `Accept-Language` value, best first: ranges with
/// `q=0` are left out, equal weights keep their written order, and a range
/// or weight that does not parse is skipped, not fatal.
pub fn language_ranges(header: &str) -> Vec<&str> {
    let mut ranges: Vec<(&str, u16)> = Vec::new();
    for item in header.split(',').take(MAX_LANGUAGE_RANGES) {
        let mut parts = item.split(';');
        let range = parts.next().unwrap_or_default().trim();
        if range.is_empty()
            || range.len() > MAX_RANGE_BYTES
            || !range
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'*')
        {
            continue;
        }
        let mut weight = Some(1000);
        for parameter in parts {
            let parameter = parameter.trim();
            if let Some(value) = parameter
                .strip_prefix("q=")
                .or_else(|| parameter.strip_prefix("Q="))
            {
                weight = quality(value.trim());
            }
        }
        match weight {
            Some(0) | None => {}
            Some(weight) => ranges.push((range, weight)),
        }
    }
    // A stable sort: equal weights keep the client's order.
    ranges.sort_by_key(|&(_, weight)| std::cmp::Reverse(weight));
    ranges.into_iter().map(|(range, _)| range).collect()
}

/// A `qvalue` in thousandths: `0`, `0.5`, `1.000`; `None` when malformed.
fn quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// RFC 4647 lookup: the index in `locales` of the first range (in order) that
/// names one, each range shortened from the end until it does; `None` when
/// none does. `*` matches nothing here: it leaves the choice to the default.
pub fn lookup<'a>(
    ranges: &[&str],
    locales: impl Iterator<Item = &'a str> + Clone,
) -> Option<usize> {
    lookup_with(ranges, |candidate| {
        locales
            .clone()
            .position(|locale| locale.eq_ignore_ascii_case(candidate))
    })
}

/// [`lookup`] with `find` saying which locale (if any) a candidate tag
/// names, so a catalog with many locales answers each in constant time.
pub fn lookup_with(ranges: &[&str], find: impl Fn(&str) -> Option<usize>) -> Option<usize> {
    ranges
        .iter()
        .filter(|range| **range != "*")
        .find_map(|range| errcat_catalog::translation::lookup_candidates(range).find_map(&find))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(header: &str, locales: &[&str]) -> Option<usize> {
        lookup(&language_ranges(header), locales.iter().copied())
    }

    #[test]
    fn ranges_come_best_first_and_q_zero_is_left_out() {
        assert_eq!(
            language_ranges("fr-CA, fr;q=0.9, en;q=0.8, de;q=0"),
            ["fr-CA", "fr", "en"]
        );
        assert_eq!(language_ranges("en;q=0.1, de"), ["de", "en"]);
        assert_eq!(
            language_ranges("da, en-gb;q=0.8, en;q=0.7"),
            ["da", "en-gb", "en"]
        );
        assert_eq!(language_ranges("x;q=2, y;q=0.1234, z;q=abc, w"), ["w"]);
        assert!(language_ranges("").is_empty());
    }

    #[test]
    fn lookup_shortens_a_range_until_it_names_a_locale() {
        let locales = ["en", "fr", "ru", "pt-BR"];
        assert_eq!(best("fr-CA,fr;q=0.9", &locales), Some(1));
        assert_eq!(best("de, ru;q=0.5", &locales), Some(2));
        assert_eq!(best("PT-br", &locales), Some(3));
        assert_eq!(best("pt", &locales), None);
        assert_eq!(best("zh-Hant-CN-x-private", &locales), None);
        assert_eq!(best("*", &locales), None);
        assert_eq!(best("fr-x-foo", &locales), Some(1));
    }

    #[test]
    fn a_hostile_header_is_read_only_so_far() {
        let header = "zz-".repeat(100_000) + "," + &"xx;q=0.5,".repeat(100_000) + "fr";
        assert_eq!(best(&header, &["en", "fr"]), None);
        assert!(language_ranges(&header).len() <= MAX_LANGUAGE_RANGES);
    }
}
