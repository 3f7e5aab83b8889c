//! Terminal output helpers shared by the commands.

use std::io::IsTerminal;

/// Whether to color output written to stderr.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// `println!` that returns an error instead of panicking when stdout is
/// closed (`errcat list | head -1`); `main` ends such a run quietly.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
    }};
}

/// `print!` that returns an error instead of panicking when stdout is closed.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        write!(stdout, $($arg)*).and_then(|()| stdout.flush())
    }};
}

/// `eprintln!` that carries on when stderr is closed (`2>&1 | head -1`):
/// only the message is lost, and the command still ends with its own exit
/// code (`check` with errors still exits 1).
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

/// `eprint!` that carries on when stderr is closed; see [`errln!`].
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($arg)*);
    }};
}

pub(crate) use {err, errln, out, outln};

/// Whether `error` is stdout closed by its reader: the reader has all it wants.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Ends the process quietly when a `print!` of a command that does not yet
/// return write errors panics on a closed stdout; any other panic is reported
/// as before.
pub fn exit_quietly_on_broken_pipe() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        report(info);
    }));
}

/// Catalog text as a terminal may show it: control characters (an escape
/// sequence that clears a line or writes the clipboard, a carriage return
/// that overwrites one) written as escapes (`\u{1b}`), line breaks and tabs
/// kept.
pub fn terminal_text(text: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| !c.is_control() || matches!(c, '\n' | '\t');
    if text.chars().all(shown) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut safe = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown(c) {
            safe.push(c);
        } else {
            safe.extend(c.escape_unicode());
        }
    }
    std::borrow::Cow::Owned(safe)
}

/// `n` and `noun`, plural unless `n` is one: "1 entry", "2 entries".
pub fn counted(n: usize, noun: &str) -> String {
    let plural = match noun.strip_suffix('y') {
        Some(stem) if n != 1 => format!("{stem}ies"),
        _ if n != 1 => format!("{noun}s"),
        _ => noun.to_owned(),
    };
    format!("{n} {plural}")
}

/// Writes `contents` to `path`, making the directories it is in first, as
/// `--out DIR` of `errcat docs` does: `--out gen/errors.ts` should not fail
/// for want of `gen/`.
pub fn write_file(path: &std::path::Path, contents: impl AsRef<[u8]>) -> anyhow::Result<()> {
    use anyhow::Context as _;
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create directory {}", dir.display()))?;
    }
    std::fs::write(path, contents).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_reach_the_terminal_as_escapes() {
        assert_eq!(
            super::terminal_text("ok\u{1b}]52;c;eA==\u{7}\rForged\nnext\tline"),
            "ok\\u{1b}]52;c;eA==\\u{7}\\u{d}Forged\nnext\tline"
        );
        assert!(matches!(
            super::terminal_text("plain"),
            std::borrow::Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn counts_say_one_or_many() {
        assert_eq!(super::counted(1, "entry"), "1 entry");
        assert_eq!(super::counted(4, "entry"), "4 entries");
        assert_eq!(super::counted(0, "catalog"), "0 catalogs");
        assert_eq!(super::counted(1, "catalog"), "1 catalog");
    }
}
