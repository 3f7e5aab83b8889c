//! A message that is not a valid template: an unclosed `{`, a stray `}`, a bad name or spec.

use super::Context;
use crate::diagnostic::Diagnostic;

pub(super) fn check(context: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (index, texts) in context.texts.iter().enumerate() {
        for (field, parsed) in texts {
            let Some(Err(error)) = parsed else { continue };
            diagnostics.push(
                Diagnostic::error(
                    "template-syntax",
                    format!("invalid {} template: {error}", field.key()),
                )
                .at(context.text_span(index, *field, error.span()))
                .help(HELP),
            );
        }
    }
    for translation in &context.translations {
        for (field, parsed) in &translation.texts {
            let Some(Err(error)) = parsed else { continue };
            diagnostics.push(
                Diagnostic::error(
                    "template-syntax",
                    format!(
                        "invalid `{}` {} template: {error}",
                        translation.locale,
                        field.key()
                    ),
                )
                .at(translation.text_span(*field, error.span()))
                .help(HELP),
            );
        }
    }
}

const HELP: &str = "placeholders are `{name}`, `{0}` or `{name:q}`, plurals `{n, plural, one {# item} other {# items}}`; write `{{` and `}}` for literal braces (outside plural and select forms)";

#[cfg(test)]
mod tests {
    use crate::lints::test_support::run_lint;

    #[test]
    fn unclosed_placeholder_is_reported_inside_the_string() {
        let found = run_lint(
            super::check,
            "[[errors]]\nid = \"a\"\nmessage = \"bad {name\"\n",
        );
        assert_eq!(
            found,
            [(
                "3:16".into(),
                "Error: invalid message template: unclosed placeholder: `{` has no matching `}`"
                    .into()
            )]
        );
    }

    #[test]
    fn titles_are_templates_too() {
        let found = run_lint(super::check, "[[errors]]\nid = \"a\"\ntitle = \"x }\"\n");
        assert_eq!(
            found,
            [(
                "3:12".into(),
                "Error: invalid title template: unmatched `}`: write `}}` for a literal brace"
                    .into()
            )]
        );
    }

    #[test]
    fn escaped_braces_are_fine() {
        assert!(
            run_lint(
                super::check,
                "[[errors]]\nid = \"a\"\nmessage = \"{{ok}}\"\n"
            )
            .is_empty()
        );
    }
}
