//! Where a source document names ids: the lines a left-out table is
//! reported at, for any number of ids in two passes over the document.
//!
//! A line names an id when the id stands in it as a word of its own, with no
//! name character right before or after it (`a` is not in `status`, nor in
//! `a-b`). Looking for each id in the whole document made a document with
//! thousands of left-out tables quadratic; here each id is looked for only
//! where its rarest token stands (an id made only of common tokens, `a a`,
//! is still tried at each place its rarest one stands).

use std::collections::{HashMap, HashSet};

/// A character that continues a name: letters, digits, `_`, `-` and `.`.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// The tokens of `text` with their byte offsets: each longest run of name
/// characters, and each other character alone.
///
/// Where an id stands as a word of its own, the line's tokens there are the
/// id's tokens: the characters around it are no name characters, so none of
/// its runs goes on past its ends.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, c) = chars.next()?;
        let mut end = start + c.len_utf8();
        if is_name_char(c) {
            while let Some((at, next)) = chars.next_if(|&(_, next)| is_name_char(next)) {
                end = at + next.len_utf8();
            }
        }
        Some((start, &text[start..end]))
    })
}

/// Whether `id` stands in `line` at byte `start` as a word of its own.
fn stands_at(line: &str, id: &str, start: usize) -> bool {
    let end = start + id.len();
    line.get(start..end) == Some(id)
        && !line[..start].chars().next_back().is_some_and(is_name_char)
        && !line[end..].chars().next().is_some_and(is_name_char)
}

/// The 1-based numbers of the lines of `text` naming each of `ids`, in order.
/// An empty id is named nowhere.
pub fn naming_lines<'i>(
    text: &str,
    ids: impl IntoIterator<Item = &'i str>,
) -> HashMap<&'i str, Vec<usize>> {
    let lines: Vec<&str> = text.lines().collect();
    let ids: HashSet<&str> = ids.into_iter().collect();
    // How often each token of an id stands in the document.
    let mut counts: HashMap<&str, usize> = (ids.iter())
        .flat_map(|id| tokens(id))
        .map(|(_, token)| (token, 0))
        .collect();
    for line in &lines {
        for (_, token) in tokens(line) {
            if let Some(count) = counts.get_mut(token) {
                *count += 1;
            }
        }
    }
    // Each id is looked for where its rarest token stands: its anchor, at
    // an offset into the id.
    let anchors: Vec<(&str, &str, usize)> = (ids.iter())
        .filter_map(|&id| {
            let (offset, token) = tokens(id).min_by_key(|(_, token)| counts[token])?;
            Some((id, token, offset))
        })
        .collect();
    let mut places: HashMap<&str, Vec<(usize, usize)>> = (anchors.iter())
        .map(|&(_, token, _)| (token, Vec::new()))
        .collect();
    for (index, line) in lines.iter().enumerate() {
        for (at, token) in tokens(line) {
            if let Some(places) = places.get_mut(token) {
                places.push((index, at));
            }
        }
    }
    let mut naming: HashMap<&str, Vec<usize>> = ids.iter().map(|&id| (id, Vec::new())).collect();
    for (id, token, offset) in anchors {
        let numbers = naming.entry(id).or_default();
        for &(index, at) in &places[token] {
            let names = at
                .checked_sub(offset)
                .is_some_and(|start| stands_at(lines[index], id, start));
            if names && numbers.last() != Some(&(index + 1)) {
                numbers.push(index + 1);
            }
        }
    }
    naming
}

/// The `nth` (from 0) of the lines `naming` an id, the last of them when
/// there are fewer, line 1 when there are none.
pub fn nth_line(naming: &[usize], nth: usize) -> usize {
    naming
        .get(nth.min(naming.len().saturating_sub(1)))
        .copied()
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition, one id at a time: each line tried at each place.
    fn naming_lines_one_by_one(text: &str, id: &str) -> Vec<usize> {
        let names = |line: &str| (0..line.len()).any(|start| stands_at(line, id, start));
        (text.lines().enumerate())
            .filter(|(_, line)| !id.is_empty() && names(line))
            .map(|(index, _)| index + 1)
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn lines_naming_ids_are_those_of_the_definition(
            text in "[ab .\\[\\]é\n\r-]{0,40}",
            ids in proptest::collection::vec("[ab .\\[\\]é\n-]{0,4}", 1..6),
        ) {
            let naming = naming_lines(&text, ids.iter().map(String::as_str));
            for id in &ids {
                let expected = naming_lines_one_by_one(&text, id);
                proptest::prop_assert_eq!(&naming[id.as_str()], &expected, "{:?}", id);
            }
        }
    }

    #[test]
    fn lines_name_ids_as_words_of_their_own() {
        let text = "status a\nid = \"a\"\n| a-b | a.c |\n000037[0] and 000037[0]x\n\
                    [[errors]]\r\nab c 000037[0]\nquoted, id\n\"quoted, id\",x\n\n é a é\n";
        for id in [
            "a",
            "a-b",
            "ab c",
            "000037[0]",
            "[[errors]]",
            "quoted, id",
            "\"",
            " ",
            "é",
            "é a",
            "x",
            "missing",
            "",
            "a\nb",
            "\r",
        ] {
            assert_eq!(
                naming_lines(text, [id])[id],
                naming_lines_one_by_one(text, id),
                "{id:?}"
            );
        }
    }

    #[test]
    fn the_nth_line_is_the_last_when_there_are_fewer_and_1_when_none() {
        assert_eq!(nth_line(&[3, 5, 9], 0), 3);
        assert_eq!(nth_line(&[3, 5, 9], 1), 5);
        assert_eq!(nth_line(&[3, 5, 9], 7), 9);
        assert_eq!(nth_line(&[], 2), 1);
    }

    /// 50,000 ids, each named on two lines of 100,000: looking for each in
    /// the whole document took minutes.
    #[test]
    fn many_ids_are_found_in_two_passes() {
        let ids: Vec<String> = (0..50_000).map(|n| format!("code {n}")).collect();
        let text: String = (ids.iter())
            .chain(&ids)
            .map(|id| format!("#### `{id}`\n"))
            .collect();
        let naming = naming_lines(&text, ids.iter().map(String::as_str));
        assert_eq!(naming.len(), ids.len());
        assert_eq!(naming["code 0"], [1, 50_001]);
        assert_eq!(naming["code 49999"], [50_000, 100_000]);
    }
}
