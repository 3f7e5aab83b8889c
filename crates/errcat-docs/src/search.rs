//! The one search ranking errcat has: the portal, `errcat search` and the
//! static site all rank entries with the algorithm defined here.
//!
//! The static site cannot run Rust, so `templates/search.js` is a
//! line-by-line JavaScript port of [`SearchIndex::search`], run over the index
//! [`write_site_index`] writes beside the pages (`search-index.js`, the same
//! index the portal builds, as JSON). `errcat-portal/tests/search_parity.rs`
//! runs one table of queries through both and asserts identical ordered
//! results; change the two files together.
//!
//! # Ranking
//!
//! Entries are indexed by field: code and id (weight 8), title and summary
//! (4), message (2), description, causes, resolutions and the status (1). Each translation
//! of an entry that changes its text is indexed too, as a document of its own
//! right after the entry's (its code and id, and its page's text: each field
//! translated, else the entry's own), so a search finds translated text and
//! links the page in that language. Text is split
//! into tokens at every character that is neither alphabetic nor numeric;
//! a camel-case word also yields its parts (`AllowlistIdentifierNotFound` ->
//! the whole word, `allowlist`, `identifier`, `not`, `found`), and a code or
//! id of several words is also indexed as one (`rate_limited` -> `rate`,
//! `limited`, `ratelimited`); tokens are lowercased and their accents
//! folded (`fold`: `Requête` -> `requete`, `ł` -> `l`), so are queries.
//!
//! A query is trimmed and split into words the same way. Each word is
//! looked up as a token: exact matches score `weight x 4`, the first 64
//! tokens it is a prefix of score `weight x 2`, and when neither exists and
//! the word has 4 to 64 characters, tokens within an edit distance of 1 (2
//! from 7 characters; optimal string alignment, over characters) score
//! `weight x 1`. A camel-case word is looked up whole first, typos included;
//! only when that finds nothing are its parts looked up instead. An entry
//! must match every looked-up term, except that terms held by more than a
//! quarter of all entries are dropped while a rarer one remains; an entry's
//! score is the sum over terms of its best `weight x factor`. An entry whose
//! lowercased code or id equals the whole lowercased query gains 1,000,000;
//! among the best `4 x limit`, an entry whose code or id is within the edit
//! distance above of a query with no whitespace and at least 4 characters
//! gains 500,000 (distance 2 from 8 characters). An entry is one hit however
//! many of its documents match: before the near-code step, each entry keeps
//! its best-scoring document (its own text on a tie). Hits are ordered by
//! score, then catalog order.
//!
//! # Limits
//!
//! Hostile queries cost bounded work (see [`Work`]):
//!
//! | limit | value | when exceeded |
//! |---|---|---|
//! | query length | [`MAX_QUERY_BYTES`] bytes of UTF-8, after trimming | [`QueryError::TooLong`] |
//! | words in a query | [`MAX_QUERY_TERMS`] | [`QueryError::TooManyTerms`] |
//! | typo-tolerant lookups per query | [`MAX_FUZZY_TERMS`] | later words match exactly or by prefix only |
//! | characters of a typo-tolerant term | [`MAX_FUZZY_CHARS`] | the term matches exactly or by prefix only |
//! | tokens one term may match | [`MAX_TOKEN_MATCHES`] as a prefix, as many by typo | the first ones in index order are used |
//! | hits | [`DEFAULT_LIMIT`] (portal, `errcat search`, static site) | the best ones are shown |

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::view::{CatalogView, EntryView};

/// Hits shown for one query by the portal, `errcat search` and the static site.
pub const DEFAULT_LIMIT: usize = 50;
/// Longest query, in bytes of UTF-8 after trimming.
pub const MAX_QUERY_BYTES: usize = 256;
/// Most words in a query.
pub const MAX_QUERY_TERMS: usize = 8;
/// Most terms of one query looked up with typo tolerance.
pub const MAX_FUZZY_TERMS: usize = 3;
/// Longest term (and whole query, for near-code matches) compared by edit distance, in characters.
pub const MAX_FUZZY_CHARS: usize = 64;
/// Most index tokens one term matches, as a prefix or within an edit distance.
pub const MAX_TOKEN_MATCHES: usize = 64;

const CODE_WEIGHT: u32 = 8;
const TITLE_WEIGHT: u32 = 4;
const MESSAGE_WEIGHT: u32 = 2;
const DESCRIPTION_WEIGHT: u32 = 1;
const EXACT_FACTOR: u32 = 4;
const PREFIX_FACTOR: u32 = 2;
const FUZZY_FACTOR: u32 = 1;
const EXACT_CODE_SCORE: u32 = 1_000_000;
const NEAR_CODE_SCORE: u32 = 500_000;

/// Why a query was refused before any lookup.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The trimmed query is longer than [`MAX_QUERY_BYTES`].
    #[error("a query is at most {max} bytes; this one has {bytes}")]
    TooLong {
        /// Its length in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The query has more than [`MAX_QUERY_TERMS`] words.
    #[error("a query has at most {max} words; this one has {terms}")]
    TooManyTerms {
        /// Its words.
        terms: usize,
        /// The limit.
        max: usize,
    },
}

/// What one search cost: the counters the limits bound.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Terms looked up in the vocabulary (words, or camel-case parts).
    pub terms: usize,
    /// Terms looked up with typo tolerance: at most [`MAX_FUZZY_TERMS`].
    pub fuzzy_terms: usize,
    /// Edit distances computed, each over at most [`MAX_FUZZY_CHARS`] characters.
    pub distances: usize,
    /// Entries that matched, of which the best `limit` are the hits.
    pub matched: usize,
}

/// Where an entry's text is: catalog index, entry index and locale index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocRef {
    /// Index of the catalog.
    pub catalog: usize,
    /// Index of the entry in its catalog.
    pub entry: usize,
    /// Index of the text's locale in the catalog's
    /// [`locales`](CatalogView::locales): `0` for its own text.
    pub locale: usize,
}

/// The text of one entry, by field.
#[derive(Debug, Clone)]
pub struct DocText<'a> {
    /// Where the entry is.
    pub at: DocRef,
    /// Wire code.
    pub code: &'a str,
    /// Entry id.
    pub id: &'a str,
    /// Title and summary.
    pub title: String,
    /// Message.
    pub message: &'a str,
    /// Description, causes and resolutions.
    pub description: String,
}

impl<'a> DocText<'a> {
    /// The searched text of a catalog's entries, in catalog order, each
    /// entry's own text followed by each translation that changes it.
    pub fn of_views(catalogs: &'a [CatalogView]) -> impl Iterator<Item = DocText<'a>> {
        catalogs.iter().enumerate().flat_map(|(ci, c)| {
            c.entries.iter().enumerate().flat_map(move |(ei, own)| {
                c.every_locale()
                    .enumerate()
                    .filter_map(move |(li, view)| {
                        let e = view.entries.get(ei)?;
                        // A translation that leaves every field out would only tie with the entry.
                        (li == 0 || !same_text(e, own)).then_some((li, e))
                    })
                    .map(move |(li, e)| DocText::of_entry(ci, ei, li, e))
            })
        })
    }

    fn of_entry(catalog: usize, entry: usize, locale: usize, e: &'a EntryView) -> Self {
        let title = [e.title.as_deref(), e.summary.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let mut description = e.description.clone().unwrap_or_default();
        for line in e.causes.iter().chain(&e.resolutions) {
            description.push(' ');
            description.push_str(line);
        }
        // The status is searched as the lightest text: `404` lists the
        // entries sent as 404, after one whose code is 404.
        if let Some(status) = e.status {
            description.push_str(&format!(" {status}"));
        }
        DocText {
            at: DocRef {
                catalog,
                entry,
                locale,
            },
            code: &e.code,
            id: &e.id,
            title,
            message: e.message_readable.as_deref().unwrap_or_default(),
            description,
        }
    }
}

/// Whether two views of an entry have the same searched text.
fn same_text(a: &EntryView, b: &EntryView) -> bool {
    a.title == b.title
        && a.summary == b.summary
        && a.message == b.message
        && a.description == b.description
        && a.causes == b.causes
        && a.resolutions == b.resolutions
}

/// A hit: where, and how well it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The entry.
    pub at: DocRef,
    /// Higher is better.
    pub score: u32,
}

/// Postings: (doc, weight), sorted by doc.
type Postings = Vec<(u32, u32)>;

/// The index.
#[derive(Debug, Default)]
pub struct SearchIndex {
    docs: Vec<DocRef>,
    /// Docs that are another text of the entry of the doc before them (a
    /// translation), in order; empty when no catalog is translated.
    same_entry: Vec<u32>,
    /// Each doc's entry, as the number of its first doc; empty when
    /// `same_entry` is (every doc is then its own entry).
    entry_of: Vec<u32>,
    /// Each doc's lowercased code and id, for whole-code typo matches.
    keys: Vec<[String; 2]>,
    /// Lowercased codes and ids, to the docs that have them.
    exact: HashMap<String, Vec<u32>>,
    /// Tokens in sorted (byte) order with their postings.
    vocabulary: Vec<(String, Postings)>,
    /// Indexes into `vocabulary` by token length in characters, for typo
    /// candidates; tokens of digits only are left out (a typo in a number is
    /// another number).
    by_length: Vec<Vec<u32>>,
}

/// Splits text into words: runs of alphabetic or numeric characters.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    words(text).flat_map(split_camel).map(fold)
}

/// Letters that carry no mark to drop but are read as plain Latin ones by
/// people typing without them (`ł` as `l`, `ß` as `ss`). `templates/search.js`
/// holds the same table.
const FOLDED_LETTERS: [(char, &str); 7] = [
    ('ł', "l"),
    ('đ', "d"),
    ('ø', "o"),
    ('ß', "ss"),
    ('æ', "ae"),
    ('œ', "oe"),
    ('ı', "i"),
];

/// Text as search compares it: lower case, without accents (`Requête` ->
/// `requete`, `nieprawidłowe` -> `nieprawidlowe`), so a word typed without
/// them finds it. Canonical decomposition (NFD), the combining diacritical
/// marks (U+0300 to U+036F, the accents of Latin, Greek and Cyrillic text)
/// dropped, [`FOLDED_LETTERS`] replaced, then composed again (NFC): the
/// marks other scripts spell with (Thai vowels, Devanagari vowel signs,
/// Japanese voicing) stay, and Hangul stays syllables. `templates/search.js`
/// folds queries the same way.
pub(crate) fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let lowered = text.to_lowercase();
    if lowered.is_ascii() {
        return lowered;
    }
    let mut folded = String::with_capacity(lowered.len());
    for c in lowered.nfd() {
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        match FOLDED_LETTERS.iter().find(|(letter, _)| *letter == c) {
            Some((_, plain)) => folded.push_str(plain),
            None => folded.push(c),
        }
    }
    folded.nfc().collect()
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

/// Whether the optimal-string-alignment distance between `a` and `b` is at
/// most `max` (insertions, deletions, substitutions, swaps of adjacent
/// characters). Stops as soon as a whole row exceeds `max`.
fn within_distance(a: &[char], b: &[char], max: usize) -> bool {
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        let mut best = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(before[j - 2] + 1);
            }
            current[j] = value;
            best = best.min(value);
        }
        if best > max {
            return false;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()] <= max
}

/// Docs matching one term, sorted by doc: one posting list borrowed from the
/// index with its factor (the common case, no copy), or several merged.
enum TermMatches<'a> {
    One(&'a [(u32, u32)], u32),
    Merged(Postings),
}

impl TermMatches<'_> {
    fn len(&self) -> usize {
        match self {
            TermMatches::One(postings, _) => postings.len(),
            TermMatches::Merged(merged) => merged.len(),
        }
    }

    fn postings(&self) -> (&[(u32, u32)], u32) {
        match self {
            TermMatches::One(postings, factor) => (postings, *factor),
            TermMatches::Merged(merged) => (merged, 1),
        }
    }
}

/// Keeps, for each doc, its best score; both lists sorted by doc.
fn merge_best(left: &[(u32, u32)], right: &[(u32, u32)], factor: u32) -> Postings {
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

/// Keeps the docs of `candidates` that are also in `matches`, adding scores.
/// Both are sorted by doc; `candidates` is the smaller, so each of its docs is
/// found by a galloping search through `matches`.
fn intersect_into(candidates: &mut Postings, matches: &[(u32, u32)], factor: u32) {
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

/// Reduces `candidates` to the best `limit`, best first (ties: catalog order).
fn top(candidates: &mut Postings, limit: usize) {
    let better = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    if candidates.len() > limit {
        candidates.select_nth_unstable_by(limit, better);
        candidates.truncate(limit);
    }
    candidates.sort_unstable_by(better);
}

impl SearchIndex {
    /// Builds the index over `docs`, in order.
    pub fn build<'a>(docs: impl IntoIterator<Item = DocText<'a>>) -> Self {
        let mut index = SearchIndex::default();
        let mut postings: HashMap<String, Postings> = HashMap::new();
        for doc in docs {
            let number = u32::try_from(index.docs.len()).expect("fewer than 4 billion entries");
            let entry = match index.docs.last() {
                Some(last) if (last.catalog, last.entry) == (doc.at.catalog, doc.at.entry) => {
                    index.same_entry.push(number);
                    index.entry_of[number as usize - 1]
                }
                _ => number,
            };
            index.entry_of.push(entry);
            index.docs.push(doc.at);
            let keys = [fold(doc.code), fold(doc.id)];
            for key in &keys {
                let list = index.exact.entry(key.clone()).or_default();
                if list.last() != Some(&number) {
                    list.push(number);
                }
            }
            index.keys.push(keys);
            for (text, weight, is_code) in [
                (doc.code, CODE_WEIGHT, true),
                (doc.id, CODE_WEIGHT, true),
                (doc.title.as_str(), TITLE_WEIGHT, false),
                (doc.message, MESSAGE_WEIGHT, false),
                (doc.description.as_str(), DESCRIPTION_WEIGHT, false),
            ] {
                // A code of several words (`rate_limited`) is also one word
                // (`ratelimited`), as people type it.
                let joined = (is_code && words(text).nth(1).is_some())
                    .then(|| fold(&words(text).collect::<String>()));
                for token in tokens(text).chain(joined) {
                    let list = postings.entry(token).or_default();
                    // Docs arrive in order, so a doc's postings are adjacent: keep the best field.
                    match list.last_mut() {
                        Some((last, best)) if *last == number => *best = (*best).max(weight),
                        _ => list.push((number, weight)),
                    }
                }
            }
        }
        let mut vocabulary: Vec<(String, Postings)> = postings.into_iter().collect();
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
        if index.same_entry.is_empty() {
            index.entry_of = Vec::new();
        }
        index
    }

    /// Builds the index over every entry of `catalogs`, in catalog order.
    pub fn of_views(catalogs: &[CatalogView]) -> Self {
        SearchIndex::build(DocText::of_views(catalogs))
    }

    /// Number of indexed documents: entries, and their translations that
    /// change their text.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The best `limit` hits for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, QueryError> {
        self.search_counting(query, limit).map(|(hits, _)| hits)
    }

    /// [`SearchIndex::search`], with what it cost.
    pub fn search_counting(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<(Vec<Hit>, Work), QueryError> {
        let mut work = Work::default();
        let query = query.trim();
        if query.len() > MAX_QUERY_BYTES {
            return Err(QueryError::TooLong {
                bytes: query.len(),
                max: MAX_QUERY_BYTES,
            });
        }
        let terms = words(query).count();
        if terms > MAX_QUERY_TERMS {
            return Err(QueryError::TooManyTerms {
                terms,
                max: MAX_QUERY_TERMS,
            });
        }
        if query.is_empty() || limit == 0 {
            return Ok((Vec::new(), work));
        }
        let lowered = fold(query);
        let mut per_term: Vec<TermMatches<'_>> = Vec::new();
        for word in words(query) {
            // A camel-case word (`UserNotFund`) is matched whole first, typos
            // included; only when that finds nothing are its parts required.
            let whole = self.term_matches(&fold(word), &mut work);
            let parts = split_camel(word);
            if whole.len() > 0 || parts.len() == 1 {
                per_term.push(whole);
            } else {
                for part in &parts[1..] {
                    per_term.push(self.term_matches(&fold(part), &mut work));
                }
            }
        }
        // Most selective first (a stable sort: ties keep query order), so an
        // intersection costs the size of the smallest list.
        per_term.sort_by_key(TermMatches::len);
        // A word in more than a quarter of all entries ("the", "of") says little
        // and costs the most to intersect; it is dropped when a rarer word remains.
        let common = self.docs.len() / 4;
        if per_term
            .first()
            .is_some_and(|rarest| rarest.len() <= common)
        {
            per_term.retain(|matches| matches.len() <= common);
        }
        let mut candidates: Postings = per_term
            .first()
            .map(|first| {
                let (postings, factor) = first.postings();
                postings
                    .iter()
                    .map(|&(doc, weight)| (doc, weight * factor))
                    .collect()
            })
            .unwrap_or_default();
        for matches in per_term.iter().skip(1) {
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
        self.best_per_entry(&mut candidates);
        work.matched = candidates.len();
        // Only the best few can be near-code matches worth lifting; look at those.
        top(&mut candidates, limit.saturating_mul(4));
        let query_chars: Vec<char> = lowered.chars().collect();
        if !lowered.contains(char::is_whitespace)
            && (4..=MAX_FUZZY_CHARS).contains(&query_chars.len())
        {
            let allowed = if query_chars.len() >= 8 { 2 } else { 1 };
            for (doc, score) in &mut candidates {
                let near = self.keys[*doc as usize].iter().any(|key| {
                    let key: Vec<char> = key.chars().collect();
                    if key.len().abs_diff(query_chars.len()) > allowed {
                        return false;
                    }
                    work.distances += 1;
                    within_distance(&key, &query_chars, allowed)
                });
                if near {
                    *score += NEAR_CODE_SCORE;
                }
            }
        }
        top(&mut candidates, limit);
        let hits = candidates
            .into_iter()
            .map(|(doc, score)| Hit {
                at: self.docs[doc as usize],
                score,
            })
            .collect();
        Ok((hits, work))
    }

    /// Keeps, of each entry's docs among `candidates` (sorted by doc, so they
    /// are adjacent), the one that scores best: the first on a tie, which is
    /// the entry's own text.
    fn best_per_entry(&self, candidates: &mut Postings) {
        if self.entry_of.is_empty() {
            return;
        }
        candidates.dedup_by(|later, kept| {
            if self.entry_of[later.0 as usize] != self.entry_of[kept.0 as usize] {
                return false;
            }
            if later.1 > kept.1 {
                *kept = *later;
            }
            true
        });
    }

    /// Docs matching one term, with their best `weight x factor`: exactly, as
    /// a prefix, or (when neither finds anything, and the typo budget allows)
    /// within a small edit distance.
    fn term_matches(&self, term: &str, work: &mut Work) -> TermMatches<'_> {
        work.terms += 1;
        let start = self.vocabulary.partition_point(|(t, _)| t.as_str() < term);
        let mut lists: Vec<(&[(u32, u32)], u32)> = self.vocabulary[start..]
            .iter()
            .take_while(|(t, _)| t.starts_with(term))
            .take(MAX_TOKEN_MATCHES)
            .map(|(token, postings)| {
                let factor = if token == term {
                    EXACT_FACTOR
                } else {
                    PREFIX_FACTOR
                };
                (postings.as_slice(), factor)
            })
            .collect();
        let chars: Vec<char> = term.chars().collect();
        if lists.is_empty()
            && (4..=MAX_FUZZY_CHARS).contains(&chars.len())
            && work.fuzzy_terms < MAX_FUZZY_TERMS
        {
            work.fuzzy_terms += 1;
            let allowed = if chars.len() >= 7 { 2 } else { 1 };
            let buckets = self
                .by_length
                .iter()
                .take(chars.len() + allowed + 1)
                .skip(chars.len() - allowed);
            'scan: for bucket in buckets {
                for &position in bucket {
                    let (token, postings) = &self.vocabulary[position as usize];
                    let token: Vec<char> = token.chars().collect();
                    work.distances += 1;
                    if within_distance(&token, &chars, allowed) {
                        lists.push((postings, FUZZY_FACTOR));
                        if lists.len() == MAX_TOKEN_MATCHES {
                            break 'scan;
                        }
                    }
                }
            }
        }
        match lists.as_slice() {
            [] => TermMatches::Merged(Vec::new()),
            [(postings, factor)] => TermMatches::One(postings, *factor),
            _ => TermMatches::Merged(self.merge_lists(&lists)),
        }
    }

    /// Each doc of `lists` once, with its best `weight x factor`, sorted by doc.
    /// Many long lists (a short prefix) are merged through one score per doc,
    /// in time linear in their total length; a few short ones pairwise.
    fn merge_lists(&self, lists: &[(&[(u32, u32)], u32)]) -> Postings {
        let total: usize = lists.iter().map(|(postings, _)| postings.len()).sum();
        if total <= self.docs.len() / 8 {
            return lists
                .iter()
                .fold(Vec::new(), |merged, &(postings, factor)| {
                    merge_best(&merged, postings, factor)
                });
        }
        let mut best = vec![0u32; self.docs.len()];
        for &(postings, factor) in lists {
            for &(doc, weight) in postings {
                let score = &mut best[doc as usize];
                *score = (*score).max(weight * factor);
            }
        }
        // Weights and factors are at least 1: a zero is a doc no list holds.
        (0u32..).zip(best).filter(|&(_, score)| score > 0).collect()
    }
}

/// The index as the static site's `search.js` reads it (`window.ERRCAT_INDEX`).
///
/// ```json
/// {"version": 1, "limit": 50,
///  "limits": {"max_query_bytes": 256, "max_query_terms": 8, "max_fuzzy_terms": 3,
///             "max_fuzzy_chars": 64, "max_token_matches": 64},
///  "scores": {"exact": 4, "prefix": 2, "fuzzy": 1, "exact_code": 1000000, "near_code": 500000},
///  "docs": [["catalogs/clerk/errors/client-not-found.html", "resource_not_found", "Client not found", "clerk", "ClientNotFound"]],
///  "keys": [["resource_not_found", "clientnotfound"]],
///  "vocabulary": [["client", [0, 8]]]}
/// ```
///
/// `docs[i]` is `[url, code, heading, catalog, id]`, the url and heading in
/// the doc's language; a vocabulary row is a token (in byte order) and its
/// postings flattened as `doc, weight, ...`. When a catalog is translated,
/// `"same_entry": [3, 4]` lists the docs that are another language of the
/// entry of the doc before them (absent otherwise).
#[derive(Debug, Serialize)]
pub struct StaticIndex<'a> {
    version: u32,
    limit: usize,
    limits: StaticLimits,
    scores: StaticScores,
    docs: Vec<[&'a str; 5]>,
    #[serde(skip_serializing_if = "<[u32]>::is_empty")]
    same_entry: &'a [u32],
    keys: &'a [[String; 2]],
    vocabulary: Vec<(&'a str, Vec<u32>)>,
}

#[derive(Debug, Serialize)]
struct StaticLimits {
    max_query_bytes: usize,
    max_query_terms: usize,
    max_fuzzy_terms: usize,
    max_fuzzy_chars: usize,
    max_token_matches: usize,
}

#[derive(Debug, Serialize)]
struct StaticScores {
    exact: u32,
    prefix: u32,
    fuzzy: u32,
    exact_code: u32,
    near_code: u32,
}

impl SearchIndex {
    /// The index for the static site over `catalogs` (the views it was
    /// built from), with the page of each entry in each locale as
    /// `urls[catalog][locale][entry]`.
    pub fn to_static<'a>(
        &'a self,
        catalogs: &'a [CatalogView],
        urls: &'a [Vec<Vec<String>>],
    ) -> StaticIndex<'a> {
        let docs = self
            .docs
            .iter()
            .map(|at| {
                let catalog = catalogs[at.catalog]
                    .in_locale(at.locale)
                    .expect("docs come from the catalogs' views");
                let entry = &catalog.entries[at.entry];
                [
                    urls[at.catalog][at.locale][at.entry].as_str(),
                    entry.code.as_str(),
                    entry.heading.as_str(),
                    catalog.slug.as_str(),
                    entry.id.as_str(),
                ]
            })
            .collect();
        let vocabulary = self
            .vocabulary
            .iter()
            .map(|(token, postings)| {
                let flat = postings.iter().flat_map(|&(doc, weight)| [doc, weight]);
                (token.as_str(), flat.collect())
            })
            .collect();
        StaticIndex {
            version: 1,
            limit: DEFAULT_LIMIT,
            limits: StaticLimits {
                max_query_bytes: MAX_QUERY_BYTES,
                max_query_terms: MAX_QUERY_TERMS,
                max_fuzzy_terms: MAX_FUZZY_TERMS,
                max_fuzzy_chars: MAX_FUZZY_CHARS,
                max_token_matches: MAX_TOKEN_MATCHES,
            },
            scores: StaticScores {
                exact: EXACT_FACTOR,
                prefix: PREFIX_FACTOR,
                fuzzy: FUZZY_FACTOR,
                exact_code: EXACT_CODE_SCORE,
                near_code: NEAR_CODE_SCORE,
            },
            docs,
            same_entry: &self.same_entry,
            keys: &self.keys,
            vocabulary,
        }
    }
}

/// Writes `out/search-index.js`: the index of `catalogs` for the static site's
/// `search.js`, entry pages at `catalogs/<slug>/errors/<entry>.html` and, in
/// a translation, `catalogs/<slug>/<locale>/errors/<entry>.html`.
pub fn write_site_index(catalogs: &[CatalogView], out: &Path) -> Result<(), crate::DocsError> {
    let index = SearchIndex::of_views(catalogs);
    let urls: Vec<Vec<Vec<String>>> = catalogs
        .iter()
        .map(|catalog| {
            catalog
                .every_locale()
                .map(|view| {
                    let dir = match &view.translation {
                        Some(locale) => format!("catalogs/{}/{locale}", view.slug),
                        None => format!("catalogs/{}", view.slug),
                    };
                    view.entries
                        .iter()
                        .map(|entry| format!("{dir}/errors/{}.html", entry.slug))
                        .collect()
                })
                .collect()
        })
        .collect();
    let data = serde_json::to_string(&index.to_static(catalogs, &urls)).expect("the index is JSON");
    let path = out.join("search-index.js");
    std::fs::write(&path, format!("window.ERRCAT_INDEX = {data};\n"))
        .map_err(|source| crate::DocsError::Write { path, source })
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
                        locale: 0,
                    },
                    code,
                    id,
                    title: (*title).to_owned(),
                    message,
                    description: String::new(),
                }),
        )
    }

    fn entries(query: &str) -> Vec<usize> {
        let hits = index().search(query, 10).unwrap();
        hits.iter().map(|h| h.at.entry).collect()
    }

    #[test]
    fn exact_code_matches_rank_first() {
        assert_eq!(entries("not_found")[0], 4);
        assert_eq!(entries("1000"), [3]);
    }

    #[test]
    fn typos_and_prefixes_find_entries() {
        let found = entries("resorce_not_fuond");
        assert_eq!(&found[..2], &[0, 1], "typo-tolerant: {found:?}");
        assert_eq!(entries("allowl"), [0], "prefix of a camel-case word");
        assert_eq!(entries("clinet"), [1]);
        // A misspelled camel-case id is matched whole, not word by word.
        assert_eq!(entries("AllowlistIdentifierNotFund"), [0]);
        assert_eq!(
            entries("IdentifierAllowlist"),
            [0],
            "its words, in any order"
        );
    }

    #[test]
    fn a_code_of_several_words_is_found_written_as_one() {
        assert_eq!(entries("notfound")[0], 4);
        assert_eq!(entries("NotFound")[0], 4);
        assert_eq!(entries("not-found")[0], 4);
        assert_eq!(entries("notfou")[0], 4, "a prefix of the joined code");
    }

    #[test]
    fn every_query_word_must_match() {
        assert_eq!(entries("missing parameter"), [2]);
        assert!(entries("missing zebra").is_empty());
        assert!(entries("   ").is_empty());
    }

    /// Two entries, the first also in French, the second in French and Russian.
    fn translated_index() -> SearchIndex {
        let rows = [
            (
                0,
                0,
                "contact_not_found",
                "Contact not found",
                "No contact with that id",
            ),
            (
                0,
                1,
                "contact_not_found",
                "Contact introuvable",
                "Aucun contact avec cet identifiant",
            ),
            (
                1,
                0,
                "invalid_contact",
                "Invalid contact",
                "The contact has invalid fields",
            ),
            (
                1,
                1,
                "invalid_contact",
                "Contact invalide",
                "Le contact a des champs invalides",
            ),
            (
                1,
                2,
                "invalid_contact",
                "Некорректный контакт",
                "В контакте некорректные поля",
            ),
        ];
        SearchIndex::build(
            rows.iter()
                .map(|&(entry, locale, id, title, message)| DocText {
                    at: DocRef {
                        catalog: 0,
                        entry,
                        locale,
                    },
                    code: id,
                    id,
                    title: title.to_owned(),
                    message,
                    description: String::new(),
                }),
        )
    }

    fn found(index: &SearchIndex, query: &str) -> Vec<(usize, usize)> {
        let hits = index.search(query, 10).unwrap();
        hits.iter().map(|h| (h.at.entry, h.at.locale)).collect()
    }

    #[test]
    fn translated_text_finds_the_entry_in_that_language() {
        let index = translated_index();
        assert_eq!(found(&index, "introuvable"), [(0, 1)]);
        assert_eq!(found(&index, "некорректные"), [(1, 2)]);
        assert_eq!(found(&index, "champs invalides"), [(1, 1)]);
    }

    #[test]
    fn accents_are_folded_in_the_index_and_the_query() {
        assert_eq!(fold("Requête"), "requete");
        assert_eq!(fold("NIEPRAWIDŁOWE"), "nieprawidlowe");
        assert_eq!(fold("Straße Æon œuvre"), "strasse aeon oeuvre");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("контакт"), "контакт");
        assert_eq!(fold("Ёлка"), "елка");
        // Marks other scripts spell with are kept: these stay two words.
        assert_ne!(fold("กิน"), fold("กัน"));
        assert_ne!(fold("が"), fold("か"));
        assert_eq!(fold("한국어"), "한국어");
        assert_eq!(fold("plain_ascii"), "plain_ascii");
        let index = translated_index();
        // "Contact invalide" typed without its case, or with an accent it lacks.
        assert_eq!(found(&index, "invalidé"), [(1, 1)]);
        assert_eq!(found(&index, "CHAMPS INVALIDES"), [(1, 1)]);
    }

    #[test]
    fn an_entry_is_one_hit_and_its_own_text_wins_a_tie() {
        let index = translated_index();
        // Every language has "contact": each entry once, in its own text.
        assert_eq!(found(&index, "contact"), [(0, 0), (1, 0)]);
        assert_eq!(found(&index, "invalid_contact"), [(1, 0)]);
        assert_eq!(found(&index, "contact_not_fuond"), [(0, 0)]);
    }

    #[test]
    fn galloping_intersection_keeps_common_docs_and_adds_scores() {
        let mut candidates = vec![(1, 1), (5, 1), (9, 1), (40, 1)];
        let matches: Vec<(u32, u32)> = (0..50).filter(|d| d % 5 == 0).map(|d| (d, 20)).collect();
        intersect_into(&mut candidates, &matches, 1);
        assert_eq!(candidates, [(5, 21), (40, 21)]);
    }

    #[test]
    fn merging_keeps_each_doc_once_with_its_best_score() {
        assert_eq!(
            merge_best(&[(1, 4), (3, 1)], &[(1, 1), (2, 5), (3, 2)], 2),
            [(1, 4), (2, 10), (3, 4)]
        );
    }

    #[test]
    fn edit_distance_counts_adjacent_swaps_as_one() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        for (a, b, max, within) in [
            ("fuond", "found", 1, true),
            ("resorce", "resource", 1, true),
            ("clinet", "client", 1, true),
            ("abcd", "abcd", 0, true),
            ("abcd", "dcba", 2, false),
            ("ca", "abc", 2, false),
            ("", "ab", 2, true),
            ("naïve", "naive", 1, true),
        ] {
            assert_eq!(
                within_distance(&chars(a), &chars(b), max),
                within,
                "{a} / {b} within {max}"
            );
        }
    }

    // Regression: a 6,000-word misspelled query cost the portal 1.35 s of CPU,
    // every word typo-matched against the whole vocabulary.
    #[test]
    fn a_six_thousand_word_query_is_refused_before_any_lookup() {
        let query = ["resorce", "fuond", "misisng", "paramter"]
            .repeat(1500)
            .join(" ");
        let error = index().search_counting(&query, 10).unwrap_err();
        assert_eq!(
            error,
            QueryError::TooLong {
                bytes: query.len(),
                max: MAX_QUERY_BYTES
            }
        );
        let short_words = ["a"; 100].join(" ");
        assert_eq!(
            index().search_counting(&short_words, 10).unwrap_err(),
            QueryError::TooManyTerms {
                terms: 100,
                max: MAX_QUERY_TERMS
            }
        );
    }

    #[test]
    fn typo_tolerance_is_spent_on_a_bounded_number_of_terms() {
        // Eight misspelled words, each long enough for typo matching.
        let query = ["resorce", "fuond", "misisng", "paramter"]
            .repeat(2)
            .join(" ");
        let index = index();
        let (_, work) = index.search_counting(&query, 10).unwrap();
        assert_eq!(work.terms, 8);
        assert_eq!(work.fuzzy_terms, MAX_FUZZY_TERMS);
        let vocabulary = index.vocabulary.len();
        assert!(
            work.distances <= MAX_FUZZY_TERMS * vocabulary + 4 * 10 * 2,
            "{work:?} over a vocabulary of {vocabulary}"
        );
        // A term longer than MAX_FUZZY_CHARS is never compared by edit distance.
        let long = "x".repeat(MAX_FUZZY_CHARS + 1);
        let (_, work) = index.search_counting(&long, 10).unwrap();
        assert_eq!((work.fuzzy_terms, work.distances), (0, 0));
    }
}
