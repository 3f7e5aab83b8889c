//! Search over entries: by code, id, title, message and description; prefix
//! and typo tolerant; exact code and id matches first.
//!
//! An inverted index maps each token to the entries holding it, with a
//! weight for the field it came from. A query's tokens are matched exactly,
//! as prefixes, and, for tokens with no such match, within a small edit
//! distance; an entry must match every token, and scores add up.

use std::collections::HashMap;

/// Where an entry is: catalog index and entry index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocRef {
    /// Index of the catalog.
    pub catalog: usize,
    /// Index of the entry in its catalog.
    pub entry: usize,
}

/// The text of one entry, by field.
#[derive(Debug, Clone, Copy)]
pub struct DocText<'a> {
    /// Where the entry is.
    pub at: DocRef,
    /// Wire code.
    pub code: &'a str,
    /// Entry id.
    pub id: &'a str,
    /// Title and summary.
    pub title: &'a str,
    /// Message.
    pub message: &'a str,
    /// Description, causes and resolutions.
    pub description: &'a str,
}

const CODE_WEIGHT: u32 = 8;
const TITLE_WEIGHT: u32 = 4;
const MESSAGE_WEIGHT: u32 = 2;
const DESCRIPTION_WEIGHT: u32 = 1;
const EXACT_CODE_SCORE: u32 = 1_000_000;
const NEAR_CODE_SCORE: u32 = 500_000;
const MAX_PREFIX_TOKENS: usize = 64;

/// The index.
#[derive(Debug, Default)]
pub struct SearchIndex {
    docs: Vec<DocRef>,
    /// Each doc's lowercased code and id, for whole-code typo matches.
    keys: Vec<[String; 2]>,
    /// Lowercased codes and ids, to the docs that have them.
    exact: HashMap<String, Vec<u32>>,
    /// Tokens in sorted order with their postings (doc, field weight), sorted by doc.
    vocabulary: Vec<(String, Vec<(u32, u32)>)>,
    /// Indexes into `vocabulary` by token length in characters, for typo
    /// candidates; tokens of digits only are left out (a typo in a number is
    /// another number).
    by_length: Vec<Vec<u32>>,
}

/// A hit: where, and how well it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The entry.
    pub at: DocRef,
    /// Higher is better.
    pub score: u32,
}

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .flat_map(split_camel)
        .map(|t| t.to_lowercase())
}

/// `AllowlistIdentifierNotFound` -> `Allowlist`, `Identifier`, `Not`, `Found` (plus the whole word).
fn split_camel(word: &str) -> Vec<&str> {
    let mut parts = vec![word];
    let bytes = word.as_bytes();
    let mut start = 0;
    let mut pieces = Vec::new();
    for index in 1..bytes.len() {
        if bytes[index].is_ascii_uppercase() && bytes[index - 1].is_ascii_lowercase() {
            pieces.push(&word[start..index]);
            start = index;
        }
    }
    if !pieces.is_empty() {
        pieces.push(&word[start..]);
        parts.extend(pieces);
    }
    parts
}

/// Docs with scores, sorted by doc.
type Matches = Vec<(u32, u32)>;

/// Docs matching one query token, sorted by doc: one posting list borrowed
/// from the index with its factor (the common case, no copy), or several merged.
enum TokenMatches<'a> {
    One(&'a [(u32, u32)], u32),
    Merged(Matches),
}

impl TokenMatches<'_> {
    fn len(&self) -> usize {
        match self {
            TokenMatches::One(postings, _) => postings.len(),
            TokenMatches::Merged(merged) => merged.len(),
        }
    }

    fn postings(&self) -> (&[(u32, u32)], u32) {
        match self {
            TokenMatches::One(postings, factor) => (postings, *factor),
            TokenMatches::Merged(merged) => (merged, 1),
        }
    }
}

impl SearchIndex {
    /// Builds the index over `docs`.
    pub fn build<'a>(docs: impl IntoIterator<Item = DocText<'a>>) -> Self {
        let mut index = SearchIndex::default();
        let mut postings: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        for doc in docs {
            let number = u32::try_from(index.docs.len()).expect("fewer than 4 billion entries");
            index.docs.push(doc.at);
            index
                .keys
                .push([doc.code.to_lowercase(), doc.id.to_lowercase()]);
            for key in [doc.code, doc.id] {
                let list = index.exact.entry(key.to_lowercase()).or_default();
                if list.last() != Some(&number) {
                    list.push(number);
                }
            }
            for (text, weight) in [
                (doc.code, CODE_WEIGHT),
                (doc.id, CODE_WEIGHT),
                (doc.title, TITLE_WEIGHT),
                (doc.message, MESSAGE_WEIGHT),
                (doc.description, DESCRIPTION_WEIGHT),
            ] {
                for token in tokens(text) {
                    let list = postings.entry(token).or_default();
                    // Docs arrive in order, so a doc's postings are adjacent: keep the best field.
                    match list.last_mut() {
                        Some((last, best)) if *last == number => *best = (*best).max(weight),
                        _ => list.push((number, weight)),
                    }
                }
            }
        }
        let mut vocabulary: Vec<(String, Vec<(u32, u32)>)> = postings.into_iter().collect();
        vocabulary.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (position, (token, _)) in vocabulary.iter().enumerate() {
            if token.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let length = token.chars().count();
            if index.by_length.len() <= length {
                index.by_length.resize(length + 1, Vec::new());
            }
            index.by_length[length]
                .push(u32::try_from(position).expect("fewer than 4 billion tokens"));
        }
        index.vocabulary = vocabulary;
        index
    }

    /// Number of indexed entries.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The best `limit` hits for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let lowered = query.to_lowercase();
        let mut per_token: Vec<TokenMatches<'_>> = Vec::new();
        for word in query
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            // A camel-case word (`UserNotFund`) is matched whole first, typos
            // included; only when that finds nothing are its parts required.
            let whole = self.token_matches(&word.to_lowercase());
            let parts = split_camel(word);
            if whole.len() > 0 || parts.len() == 1 {
                per_token.push(whole);
            } else {
                per_token.extend(
                    parts[1..]
                        .iter()
                        .map(|part| self.token_matches(&part.to_lowercase())),
                );
            }
        }
        // Most selective first: intersections then cost the size of the smallest list.
        per_token.sort_by_key(TokenMatches::len);
        // A word in more than a quarter of all entries ("the", "of") says little
        // and costs the most to intersect; it is dropped when a rarer word remains.
        let common = self.docs.len() / 4;
        if per_token
            .first()
            .is_some_and(|rarest| rarest.len() <= common)
        {
            per_token.retain(|matches| matches.len() <= common);
        }
        let mut candidates: Matches = per_token
            .first()
            .map(|first| {
                let (postings, factor) = first.postings();
                postings
                    .iter()
                    .map(|&(doc, weight)| (doc, weight * factor))
                    .collect()
            })
            .unwrap_or_default();
        for matches in per_token.iter().skip(1) {
            if candidates.is_empty() {
                break;
            }
            let (postings, factor) = matches.postings();
            intersect_into(&mut candidates, postings, factor);
        }
        if let Some(docs) = self.exact.get(&lowered) {
            for &doc in docs {
                match candidates.binary_search_by_key(&doc, |&(d, _)| d) {
                    Ok(at) => candidates[at].1 += EXACT_CODE_SCORE,
                    Err(at) => candidates.insert(at, (doc, EXACT_CODE_SCORE)),
                }
            }
        }
        // Only the best few can be near-code matches worth lifting; look at those.
        let shortlist = limit.saturating_mul(4);
        top(&mut candidates, shortlist);
        if !lowered.contains(char::is_whitespace) && lowered.len() >= 4 {
            let allowed = if lowered.len() >= 8 { 2 } else { 1 };
            for (doc, score) in &mut candidates {
                let near = self.keys[*doc as usize].iter().any(|key| {
                    key.len().abs_diff(lowered.len()) <= allowed
                        && strsim::damerau_levenshtein(key, &lowered) <= allowed
                });
                if near {
                    *score += NEAR_CODE_SCORE;
                }
            }
        }
        top(&mut candidates, limit);
        candidates
            .into_iter()
            .map(|(doc, score)| Hit {
                at: self.docs[doc as usize],
                score,
            })
            .collect()
    }

    /// Docs matching one query token: exactly, as a prefix, or (when neither
    /// finds anything) within a small edit distance.
    fn token_matches(&self, token: &str) -> TokenMatches<'_> {
        let start = self.vocabulary.partition_point(|(t, _)| t.as_str() < token);
        let mut lists: Vec<(&[(u32, u32)], u32)> = self.vocabulary[start..]
            .iter()
            .take_while(|(t, _)| t.starts_with(token))
            .take(MAX_PREFIX_TOKENS)
            .map(|(candidate, postings)| {
                (postings.as_slice(), if candidate == token { 4 } else { 2 })
            })
            .collect();
        let length = token.chars().count();
        if lists.is_empty() && length >= 4 {
            let allowed = if length >= 7 { 2 } else { 1 };
            for bucket in self
                .by_length
                .iter()
                .take(length + allowed + 1)
                .skip(length.saturating_sub(allowed))
            {
                for &position in bucket {
                    let (candidate, postings) = &self.vocabulary[position as usize];
                    if strsim::damerau_levenshtein(candidate, token) <= allowed {
                        lists.push((postings, 1));
                    }
                }
            }
        }
        match lists.as_slice() {
            [] => TokenMatches::Merged(Vec::new()),
            [(postings, factor)] => TokenMatches::One(postings, *factor),
            _ => TokenMatches::Merged(
                lists
                    .iter()
                    .fold(Vec::new(), |merged, &(postings, factor)| {
                        merge(&merged, postings, factor)
                    }),
            ),
        }
    }
}

/// Keeps the docs of `candidates` that are also in `matches`, adding scores.
/// Both are sorted by doc; `candidates` is the smaller, so each of its docs is
/// found by a galloping search through `matches`.
fn intersect_into(candidates: &mut Matches, matches: &[(u32, u32)], factor: u32) {
    let mut from = 0;
    candidates.retain_mut(|(doc, score)| {
        let rest = &matches[from..];
        let mut step = 1;
        while step < rest.len() && rest[step].0 < *doc {
            step *= 2;
        }
        let window = &rest[..(step + 1).min(rest.len())];
        match window.binary_search_by_key(doc, |&(d, _)| d) {
            Ok(at) => {
                *score += window[at].1 * factor;
                from += at + 1;
                true
            }
            Err(at) => {
                from += at;
                false
            }
        }
    });
}

/// Merges two lists sorted by doc, keeping each doc once with its best score.
fn merge(left: &[(u32, u32)], right: &[(u32, u32)], factor: u32) -> Matches {
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() || j < right.len() {
        let next_right = right.get(j).map(|&(doc, weight)| (doc, weight * factor));
        match (left.get(i).copied(), next_right) {
            (Some(a), Some(b)) if a.0 == b.0 => {
                merged.push((a.0, a.1.max(b.1)));
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a.0 < b.0 => {
                merged.push(a);
                i += 1;
            }
            (Some(a), None) => {
                merged.push(a);
                i += 1;
            }
            (_, Some(b)) => {
                merged.push(b);
                j += 1;
            }
            (None, None) => break,
        }
    }
    merged
}

/// Reduces `candidates` to the best `limit`, best first (ties: catalog order).
fn top(candidates: &mut Matches, limit: usize) {
    let better = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    if candidates.len() > limit {
        candidates.select_nth_unstable_by(limit, better);
        candidates.truncate(limit);
    }
    candidates.sort_unstable_by(better);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> SearchIndex {
        let rows = [
            (
                "resource_not_found",
                "AllowlistIdentifierNotFound",
                "Identifier not found",
                "No identifier was found",
            ),
            (
                "resource_not_found",
                "ClientNotFound",
                "Client not found",
                "No client was found",
            ),
            (
                "form_param_missing",
                "FormMissingParameter",
                "missing required parameter",
                "Enter a value",
            ),
            ("1000", "1000", "Task does not exist", ""),
            (
                "not_found",
                "not_found",
                "An entity is not found",
                "An entity referenced in the request is not found",
            ),
        ];
        SearchIndex::build(
            rows.iter()
                .enumerate()
                .map(|(i, (code, id, title, message))| DocText {
                    at: DocRef {
                        catalog: 0,
                        entry: i,
                    },
                    code,
                    id,
                    title,
                    message,
                    description: "",
                }),
        )
    }

    fn entries(hits: &[Hit]) -> Vec<usize> {
        hits.iter().map(|h| h.at.entry).collect()
    }

    #[test]
    fn exact_code_matches_rank_first() {
        let hits = index().search("not_found", 10);
        assert_eq!(hits[0].at.entry, 4, "{hits:?}");
        assert_eq!(entries(&index().search("1000", 10)), [3]);
    }

    #[test]
    fn typos_and_prefixes_find_entries() {
        let found = entries(&index().search("resorce_not_fuond", 10));
        assert_eq!(&found[..2], &[0, 1], "typo-tolerant: {found:?}");
        assert_eq!(
            entries(&index().search("allowl", 10)),
            [0],
            "prefix of a camel-case word"
        );
        assert_eq!(entries(&index().search("clinet", 10)), [1]);
        // A misspelled camel-case id is matched whole, not word by word.
        assert_eq!(
            entries(&index().search("AllowlistIdentifierNotFund", 10)),
            [0]
        );
        assert_eq!(
            entries(&index().search("IdentifierAllowlist", 10)),
            [0],
            "its words, in any order"
        );
    }

    #[test]
    fn galloping_intersection_keeps_common_docs_and_adds_scores() {
        let mut candidates = vec![(1, 1), (5, 1), (9, 1), (40, 1)];
        let matches: Vec<(u32, u32)> = (0..50).filter(|d| d % 5 == 0).map(|d| (d, 10)).collect();
        intersect_into(&mut candidates, &matches, 2);
        assert_eq!(candidates, [(5, 21), (40, 21)]);
    }

    #[test]
    fn merging_keeps_each_doc_once_with_its_best_score() {
        assert_eq!(
            merge(&[(1, 4), (3, 1)], &[(1, 1), (2, 5), (3, 2)], 2),
            [(1, 4), (2, 10), (3, 4)]
        );
    }

    #[test]
    fn every_query_word_must_match() {
        assert_eq!(entries(&index().search("missing parameter", 10)), [2]);
        assert!(index().search("missing zebra", 10).is_empty());
        assert!(index().search("   ", 10).is_empty());
    }
}
