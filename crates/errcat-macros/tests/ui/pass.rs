errcat::catalog!("../../../../crates/errcat-macros/tests/ui/errors.toml");

fn main() {
    let error = errors::contact_not_found("c_1");
    assert_eq!(error.message(), "No contact \"c_1\"");
    assert_eq!(error.status().as_u16(), 404);
    let limited = errors::rate_limited(30, "please");
    assert_eq!(limited.message(), "Retry in 30 seconds, please");
    assert_eq!(limited.retry_after_seconds(), Some(30));
    // An `int` param takes any integer type: a count needs no cast.
    let waits: Vec<u8> = vec![1, 2, 3];
    let counted = errors::rate_limited(waits.len(), "please");
    assert_eq!(counted.message(), "Retry in 3 seconds, please");
    assert_eq!(errors::rate_limited(u64::MAX, "x").retry_after_seconds(), Some(i64::MAX as u64));
    let variant = errors::e000037_0();
    assert_eq!(variant.code().to_string(), "000037");
    assert_eq!(errors::catalog().entries().len(), 4);
    // A deprecated entry still builds; callers are warned, not refused.
    #[allow(deprecated)]
    let gone = errors::contact_gone();
    assert_eq!(gone.status().as_u16(), 410);
    // A retired entry has no constructor and is not sent; the entries after
    // it keep theirs (`rate_limited` above still builds `RateLimited`).
    assert!(errors::catalog().error("contact_archived").is_none());
}
