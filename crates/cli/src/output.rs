//! How the CLI writes: output format choice, colour only on a terminal (honouring NO_COLOR),
//! and error messages.

use std::io::IsTerminal;

/// Output format of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A report for people.
    Text,
    /// Machine-readable JSON as in the interchange contract.
    Json,
}

impl Format {
    /// The format asked for, else text on a terminal and JSON when piped.
    pub fn resolve(asked: Option<Format>) -> Format {
        asked.unwrap_or_else(|| {
            if std::io::stdout().is_terminal() {
                Format::Text
            } else {
                Format::Json
            }
        })
    }
}

/// Terminal styling: ANSI escapes when stdout is a terminal and `NO_COLOR` is unset.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    enabled: bool,
}

impl Style {
    /// Decides from the environment.
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            enabled: !no_color && std::io::stdout().is_terminal(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Bold text (headings).
    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }

    /// Green text (pass).
    pub fn green(&self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Red text (fail).
    pub fn red(&self, text: &str) -> String {
        self.paint("31", text)
    }

    /// Yellow text (missing, warnings).
    pub fn yellow(&self, text: &str) -> String {
        self.paint("33", text)
    }

    /// Dim text (sources, notes).
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// Prints an error and its causes on stderr, one per line.
pub fn print_error(err: &anyhow::Error) {
    eprintln!("neonomad: error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
}
