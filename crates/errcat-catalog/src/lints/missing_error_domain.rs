//! A catalog that promises Google's AIP-193 errors (profile `google`, or a
//! `wire.grpc` attribute on an entry) but names no domain: `ErrorInfo.domain`
//! is required, and it comes from `domain`, else the `docs_url` host, else
//! the host of the `source` URL. Bodies then send one made from the
//! catalog's name, which is not globally unique.

use super::Context;
use crate::diagnostic::Diagnostic;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let catalog = &context.parsed.catalog;
    if catalog.error_domain().is_some() {
        return;
    }
    let spans = &context.parsed.spans.catalog;
    let span = if catalog.catalog.profile.as_deref() == Some("google") {
        spans.get("profile").cloned()
    } else {
        match context
            .entries()
            .find(|(_, entry)| entry.wire.contains_key("grpc"))
        {
            Some((index, _)) => context.entry_span(index, "wire"),
            None => return,
        }
    };
    diagnostics.push(
        Diagnostic::warning(
            "missing-error-domain",
            "AIP-193 errors need a domain, and this catalog names none: its name stands in",
        )
        .at(span)
        .label("sent as Google AIP-193 / gRPC errors here")
        .help("set `domain` in `[catalog]` (e.g. `domain = \"api.example.com\"`), or an absolute `docs_url` or `source` whose host stands in for it"),
    );
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn a_google_catalog_without_domain_or_docs_url_is_warned_at_its_profile() {
        assert_eq!(
            run_lint(
                super::check,
                "[catalog]\nname = \"x\"\nprofile = \"google\"\n"
            ),
            [(
                "3:11".into(),
                "Warning: AIP-193 errors need a domain, and this catalog names none: its name stands in".into()
            )]
        );
    }

    #[test]
    fn a_grpc_attribute_without_domain_is_warned_at_the_entry() {
        let found = run_lint(
            super::check,
            "[catalog]\nname = \"x\"\n\n[[errors]]\nid = \"a\"\nwire.grpc.code = \"ABORTED\"\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].0.starts_with("6:"), "{found:?}");
    }

    #[test]
    fn a_domain_or_a_docs_url_host_is_enough() {
        for meta in [
            "domain = \"api.example.com\"",
            "docs_url = \"https://docs.example.com/errors/{code}\"",
        ] {
            let text = format!("[catalog]\nname = \"x\"\nprofile = \"google\"\n{meta}\n");
            assert!(run_lint(super::check, &text).is_empty(), "{meta}");
        }
        // A relative docs URL has no host.
        let text = "[catalog]\nname = \"x\"\nprofile = \"google\"\ndocs_url = \"/errors/{code}\"\n";
        assert_eq!(run_lint(super::check, text).len(), 1);
    }

    #[test]
    fn catalogs_of_other_profiles_are_left_alone() {
        assert!(
            run_lint(
                super::check,
                "[catalog]\nname = \"x\"\nprofile = \"plunk\"\n"
            )
            .is_empty()
        );
    }
}
