//! The portal's search is errcat's one ranking, defined in
//! [`errcat_docs::search`] so the static site's `search.js` ports the same
//! algorithm over the same index.

pub use errcat_docs::search::{
    DEFAULT_LIMIT, DocRef, DocText, Hit, MAX_FUZZY_CHARS, MAX_FUZZY_TERMS, MAX_QUERY_BYTES,
    MAX_QUERY_TERMS, MAX_TOKEN_MATCHES, QueryError, SearchIndex, Work,
};
