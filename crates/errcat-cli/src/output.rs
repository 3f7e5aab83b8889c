//! Terminal output helpers shared by the commands.

use std::io::IsTerminal;

/// Whether to color output written to stderr.
pub fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}
