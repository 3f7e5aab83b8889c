//! What the catalog!() macro accepts and what it refuses, with the compiler's words.

#[test]
fn catalog_macro_accepts_good_uses_and_names_the_problem_in_bad_ones() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass.rs");
    cases.pass("tests/ui/hostile.rs");
    cases.compile_fail("tests/ui/missing_argument.rs");
    cases.compile_fail("tests/ui/extra_argument.rs");
    cases.compile_fail("tests/ui/wrong_int_type.rs");
    cases.compile_fail("tests/ui/unknown_entry.rs");
    cases.compile_fail("tests/ui/undeclared_placeholder.rs");
    cases.compile_fail("tests/ui/deprecated_entry.rs");
    cases.compile_fail("tests/ui/retired_entry.rs");
}
