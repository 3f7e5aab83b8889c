//! Adapters from validation libraries' reports to field errors.
//!
//! A field is named by its dotted path (`items.1.name`), as `invalid_body`
//! names a field serde rejects, so profiles send one pointer form
//! (`#/items/1/name`) whichever found the problem. Both libraries name
//! fields as the Rust struct does: a field `#[serde(rename)]`d on the wire
//! is reported under its Rust name. `validator` gives each error its rule as
//! the code (`email`, `length`); `garde` has no codes, so its errors all
//! carry `invalid`.
//!
//! ```
//! # #[cfg(feature = "garde")] {
//! use errcat_runtime::catalog::SourceFile;
//! use garde::Validate;
//!
//! #[derive(garde::Validate)]
//! struct NewContact {
//!     #[garde(email)]
//!     email: String,
//! }
//!
//! let errors = errcat_runtime::compile(SourceFile::new(
//!     "errors.toml",
//!     r#"
//! [[errors]]
//! id = "validation_failed"
//! status = 422
//! title = "Invalid contact"
//! message = "The contact has {count} invalid fields."
//! params.count = "int"
//! "#,
//! ))
//! .unwrap();
//!
//! let report = NewContact { email: "nope".into() }.validate().unwrap_err();
//! let fields = errcat_runtime::validation::from_garde(&report);
//! let error = errors
//!     .error("validation_failed")
//!     .unwrap()
//!     .arg("count", fields.len())
//!     .fields(fields);
//! assert_eq!(&*error.field_errors()[0].field, "email");
//! # }
//! ```

#[cfg(any(feature = "garde", feature = "validator"))]
use crate::error::FieldError;

/// Field errors of a `garde` report: one per error, the field as its dotted
/// path (garde's `tags[1]` is `tags.1`).
#[cfg(feature = "garde")]
pub fn from_garde(report: &garde::Report) -> Vec<FieldError> {
    report
        .iter()
        .map(|(path, error)| FieldError {
            field: dotted(&path.to_string()).into(),
            message: error.message().to_owned().into(),
            code: Some("invalid".into()),
        })
        .collect()
}

/// A garde path (`items[1].name`, `[0]`) as a dotted one (`items.1.name`, `0`).
#[cfg(feature = "garde")]
fn dotted(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '[' if !out.is_empty() => out.push('.'),
            '[' | ']' => {}
            c => out.push(c),
        }
    }
    out
}

/// Field errors of `validator` errors: one per failed rule, nested fields as
/// dotted paths, in field-name order (`validator` keeps them in a hash map,
/// so the same request always gets the same body). A rule without a message
/// of its own says which rule failed and its parameters:
/// ``failed `length` (max: 10, min: 1)``.
#[cfg(feature = "validator")]
pub fn from_validator(errors: &validator::ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect_validator(errors, "", &mut out);
    out
}

#[cfg(feature = "validator")]
fn collect_validator(
    errors: &validator::ValidationErrors,
    prefix: &str,
    out: &mut Vec<FieldError>,
) {
    use validator::ValidationErrorsKind;
    let mut fields: Vec<_> = errors.errors().iter().collect();
    fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (field, kind) in fields {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    let message = error
                        .message
                        .as_ref()
                        .map_or_else(|| rule_failed(error), |m| m.to_string());
                    out.push(FieldError {
                        field: path.clone().into(),
                        message: message.into(),
                        code: Some(error.code.to_string().into()),
                    });
                }
            }
            ValidationErrorsKind::Struct(inner) => collect_validator(inner, &path, out),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect_validator(inner, &format!("{path}.{index}"), out);
                }
            }
        }
    }
}

/// What a `validator` rule without a message of its own says: the rule, and
/// its parameters but the value checked (a client sent it; it may be long).
#[cfg(feature = "validator")]
fn rule_failed(error: &validator::ValidationError) -> String {
    let mut params: Vec<(&str, &serde_json::Value)> = error
        .params
        .iter()
        .filter(|(name, _)| *name != "value")
        .map(|(name, value)| (name.as_ref(), value))
        .collect();
    if params.is_empty() {
        return format!("failed `{}`", error.code);
    }
    params.sort_unstable_by_key(|(name, _)| *name);
    let params: Vec<String> = params
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    format!("failed `{}` ({})", error.code, params.join(", "))
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "garde")]
    #[test]
    fn garde_reports_become_field_errors_with_paths() {
        use garde::Validate;
        #[derive(garde::Validate)]
        struct Contact {
            #[garde(email)]
            email: String,
            #[garde(length(min = 1))]
            name: String,
        }
        let report = Contact {
            email: "nope".into(),
            name: String::new(),
        }
        .validate()
        .unwrap_err();
        let fields = super::from_garde(&report);
        let names: Vec<&str> = fields.iter().map(|f| f.field.as_ref()).collect();
        assert_eq!(names, ["email", "name"]);
    }

    #[cfg(feature = "garde")]
    #[test]
    fn a_garde_list_item_is_a_dotted_path_and_its_pointer_is_valid() {
        use garde::Validate;
        #[derive(garde::Validate)]
        struct Item {
            #[garde(length(min = 1))]
            name: String,
        }
        #[derive(garde::Validate)]
        struct Order {
            #[garde(inner(length(min = 1)))]
            tags: Vec<String>,
            #[garde(dive)]
            items: Vec<Item>,
        }
        let report = Order {
            tags: vec!["ok".into(), String::new()],
            items: vec![
                Item { name: "a".into() },
                Item {
                    name: String::new(),
                },
            ],
        }
        .validate()
        .unwrap_err();
        let fields = super::from_garde(&report);
        let mut names: Vec<&str> = fields.iter().map(|f| f.field.as_ref()).collect();
        names.sort_unstable();
        assert_eq!(names, ["items.1.name", "tags.1"]);
        let error = crate::profile::test_support::catalog()
            .error("contact_not_found")
            .unwrap()
            .fields(fields);
        let body = crate::Profile::PROBLEM
            .render(&error, &Default::default())
            .body;
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let mut pointers: Vec<&str> = body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["pointer"].as_str().unwrap())
            .collect();
        pointers.sort_unstable();
        assert_eq!(pointers, ["#/items/1/name", "#/tags/1"]);
    }

    #[cfg(feature = "validator")]
    #[test]
    fn validator_errors_become_field_errors_with_codes() {
        use validator::Validate;
        #[derive(validator::Validate)]
        struct Contact {
            #[validate(email)]
            email: String,
        }
        let errors = Contact {
            email: "nope".into(),
        }
        .validate()
        .unwrap_err();
        let fields = super::from_validator(&errors);
        assert_eq!(fields.len(), 1);
        assert_eq!(
            (fields[0].field.as_ref(), fields[0].code.as_deref()),
            ("email", Some("email"))
        );
    }

    #[cfg(feature = "validator")]
    #[test]
    fn validator_errors_come_in_field_name_order_and_say_the_rules_bounds() {
        use validator::Validate;
        #[derive(validator::Validate)]
        struct Order {
            #[validate(length(min = 1, max = 10))]
            sku: String,
            #[validate(range(min = 1))]
            qty: u32,
            #[validate(email)]
            email: String,
            #[validate(length(min = 2))]
            name: String,
            #[validate(range(max = 5))]
            age: u32,
        }
        let order = Order {
            sku: "abcdefghijklmnop".into(),
            qty: 0,
            email: "nope".into(),
            name: "x".into(),
            age: 9,
        };
        // The map `validator` keeps is read in its own order; the body is not.
        for _ in 0..8 {
            let fields = super::from_validator(&order.validate().unwrap_err());
            let names: Vec<&str> = fields.iter().map(|f| f.field.as_ref()).collect();
            assert_eq!(names, ["age", "email", "name", "qty", "sku"]);
            assert_eq!(fields[4].message, "failed `length` (max: 10, min: 1)");
            assert_eq!(fields[1].message, "failed `email`");
        }
    }
}
