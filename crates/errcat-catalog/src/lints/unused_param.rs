//! A declared param that the message never uses: callers pass a value nobody sees.

use super::Context;
use crate::diagnostic::Diagnostic;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (index, entry) in context.entries() {
        let texts = &context.texts[index];
        if texts
            .iter()
            .any(|(_, parsed)| matches!(parsed, Some(Err(_))))
        {
            continue;
        }
        // A set: an entry with many params is checked in linear time.
        let used: std::collections::HashSet<&str> = texts
            .iter()
            .filter_map(|(_, parsed)| parsed.as_ref()?.as_ref().ok())
            .flat_map(|template| template.placeholders().map(|p| p.name.as_str()))
            .collect();
        let retry_param = match &entry.retry {
            Some(crate::model::Retry::After {
                after: crate::model::RetryAfter::Param(name),
            }) => Some(name.as_str()),
            _ => None,
        };
        for name in entry.params.keys() {
            if used.contains(name.as_str()) || retry_param == Some(name.as_str()) {
                continue;
            }
            diagnostics.push(
                Diagnostic::warning(
                    "unused-param",
                    format!(
                        "param `{name}` of `{}` is never used in its title or message",
                        super::clipped(&entry.id)
                    ),
                )
                .at(context.param_span(index, name))
                .help(format!(
                    "use it as `{{{name}}}` in the message, or remove it"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn param_missing_from_message_is_a_warning_at_its_key() {
        let found = run_lint(
            super::check,
            "[[errors]]\nid = \"a\"\nmessage = \"{x}\"\n[errors.params]\nx = \"string\"\ny = \"int\"\n",
        );
        assert_eq!(
            found,
            [(
                "6:1".into(),
                "Warning: param `y` of `a` is never used in its title or message".into()
            )]
        );
    }

    #[test]
    fn retry_after_param_counts_as_used() {
        let text = "[[errors]]\nid = \"a\"\nmessage = \"slow down\"\nretry = { after = \"seconds\" }\nparams.seconds = \"int\"\n";
        assert!(run_lint(super::check, text).is_empty());
    }
}
