//! Adapters from validation libraries' reports to field errors.
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

/// Field errors of a `garde` report: one per error, the field as its dotted path.
#[cfg(feature = "garde")]
pub fn from_garde(report: &garde::Report) -> Vec<FieldError> {
    report
        .iter()
        .map(|(path, error)| FieldError {
            field: path.to_string().into(),
            message: error.message().to_owned().into(),
            code: Some("invalid".into()),
        })
        .collect()
}

/// Field errors of `validator` errors: one per failed rule, nested fields as dotted paths.
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
    for (field, kind) in errors.errors() {
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
                        .map_or_else(|| format!("failed `{}`", error.code), |m| m.to_string());
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
}
