//! The small POSIX-shell subset of RUN lines: words and quoting, `|`, `not`, redirections.
//!
//! Supported: `'…'` and `"…"` quoting, backslash escapes, pipelines `a | b`, a leading `not`
//! (repeatable), and the redirections `< f`, `> f`, `>> f`, `2> f`, `2>> f`, `2>&1`, `>&2`
//! (`1>` and `1>>` spell `>` and `>>`). Anything else a shell would interpret (`&&`, `||`, `;`,
//! `&`, `( )`, backquotes, `$` expansions, here-documents) is rejected with its column, so a
//! RUN line never silently means something other than what it says. No globbing is done.

use std::fmt;

use thiserror::Error;

/// A RUN command: one or more commands connected by `|`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    /// The stages, first to last.
    pub commands: Vec<Command>,
}

/// One stage of a pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    /// How many leading `not`s invert the exit status.
    pub negations: usize,
    /// Program name and arguments (never empty).
    pub argv: Vec<String>,
    /// Redirections, in the order written (order matters: `> f 2>&1` differs from `2>&1 > f`).
    pub redirects: Vec<Redirect>,
}

/// A redirection of one command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// `< path`: standard input from a file.
    StdinFrom(String),
    /// `> path` or `>> path`: standard output to a file.
    StdoutTo {
        /// Target file.
        path: String,
        /// `>>`: append instead of truncating.
        append: bool,
    },
    /// `2> path` or `2>> path`: standard error to a file.
    StderrTo {
        /// Target file.
        path: String,
        /// `2>>`: append instead of truncating.
        append: bool,
    },
    /// `2>&1`: standard error goes where standard output currently goes.
    StderrToStdout,
    /// `>&2` / `1>&2`: standard output goes where standard error currently goes.
    StdoutToStderr,
}

/// A RUN command the shell subset cannot parse.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("column {column}: {message}")]
pub struct ShellError {
    /// 1-based column (in characters) of the offending text.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

/// A redirection operator before its target is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RedirOp {
    In,
    Out { append: bool },
    Err { append: bool },
    ErrToOut,
    OutToErr,
}

/// A lexical token with its 0-based character offset.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    /// A word after quote removal; `quoted` if any quoting or escaping was used.
    Word {
        text: String,
        quoted: bool,
    },
    Pipe,
    Redir(RedirOp),
}

/// Builds a [`ShellError`] at a 0-based character offset.
fn err(offset: usize, message: impl Into<String>) -> ShellError {
    ShellError {
        column: offset + 1,
        message: message.into(),
    }
}

/// Parses a RUN command (after continuation joining, before substitution).
pub fn parse_pipeline(text: &str) -> Result<Pipeline, ShellError> {
    let tokens = Lexer::new(text).run()?;
    let mut commands = Vec::new();
    let mut segment: Vec<(usize, Tok)> = Vec::new();
    for (offset, tok) in tokens {
        if tok == Tok::Pipe {
            commands.push(parse_command(&segment, offset)?);
            segment.clear();
        } else {
            segment.push((offset, tok));
        }
    }
    commands.push(parse_command(&segment, text.chars().count())?);
    Ok(Pipeline { commands })
}

/// Builds one command from the tokens between pipes; `end` is where the segment stops.
fn parse_command(tokens: &[(usize, Tok)], end: usize) -> Result<Command, ShellError> {
    let mut cmd = Command {
        negations: 0,
        argv: Vec::new(),
        redirects: Vec::new(),
    };
    let mut iter = tokens.iter().peekable();
    while let Some((offset, tok)) = iter.next() {
        match tok {
            Tok::Word { text, quoted } => {
                if cmd.argv.is_empty() && !quoted && text == "not" {
                    cmd.negations += 1;
                } else {
                    cmd.argv.push(text.clone());
                }
            }
            Tok::Redir(op) => {
                let target = match iter.peek() {
                    Some((_, Tok::Word { text, .. })) => Some(text.clone()),
                    _ => None,
                };
                let (redirect, used_target) = make_redirect(*op, target, *offset)?;
                if used_target {
                    iter.next();
                }
                cmd.redirects.push(redirect);
            }
            Tok::Pipe => unreachable!("pipes split segments"),
        }
    }
    if cmd.argv.is_empty() {
        let at = tokens.last().map_or(end, |(o, _)| *o);
        return Err(err(
            at,
            "missing command (before `|`, after `not`, or at the end)",
        ));
    }
    Ok(cmd)
}

/// Turns an operator and its (optional) following word into a [`Redirect`].
fn make_redirect(
    op: RedirOp,
    target: Option<String>,
    offset: usize,
) -> Result<(Redirect, bool), ShellError> {
    let need = |t: Option<String>| t.ok_or_else(|| err(offset, "redirection without a file name"));
    Ok(match op {
        RedirOp::In => (Redirect::StdinFrom(need(target)?), true),
        RedirOp::Out { append } => (
            Redirect::StdoutTo {
                path: need(target)?,
                append,
            },
            true,
        ),
        RedirOp::Err { append } => (
            Redirect::StderrTo {
                path: need(target)?,
                append,
            },
            true,
        ),
        RedirOp::ErrToOut => (Redirect::StderrToStdout, false),
        RedirOp::OutToErr => (Redirect::StdoutToStderr, false),
    })
}

/// Characters that end an unquoted word.
fn is_operator_char(c: char) -> bool {
    matches!(c, '|' | '<' | '>' | '&' | ';' | '(' | ')' | '`')
}

/// Splits a command line into tokens.
struct Lexer {
    chars: Vec<char>,
    pos: usize,
    tokens: Vec<(usize, Tok)>,
}

impl Lexer {
    /// A lexer over `text`.
    fn new(text: &str) -> Self {
        Lexer {
            chars: text.chars().collect(),
            pos: 0,
            tokens: Vec::new(),
        }
    }

    /// The character `ahead` positions after the cursor.
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    /// Tokenizes the whole input.
    fn run(mut self) -> Result<Vec<(usize, Tok)>, ShellError> {
        while let Some(c) = self.peek(0) {
            let start = self.pos;
            match c {
                ' ' | '\t' => self.pos += 1,
                '|' if self.peek(1) == Some('|') => {
                    return Err(err(
                        start,
                        "`||` is not supported (one pipeline per RUN line)",
                    ))
                }
                '|' => {
                    self.pos += 1;
                    self.tokens.push((start, Tok::Pipe));
                }
                '<' | '>' => self.redirect(None)?,
                '0'..='9' if self.io_number().is_some() => {
                    let (fd, len) = self.io_number().unwrap_or_default();
                    self.pos += len;
                    self.redirect(Some((fd, start)))?;
                }
                '&' | ';' => {
                    return Err(err(
                        start,
                        format!("`{c}` is not supported: write one pipeline per RUN line"),
                    ))
                }
                '(' | ')' => return Err(err(start, "subshells (`( )`) are not supported")),
                '`' => return Err(err(start, "backquotes are not supported")),
                _ => self.word()?,
            }
        }
        Ok(self.tokens)
    }

    /// If the cursor starts a file-descriptor number directly followed by `<` or `>`, returns
    /// the number and its length in characters.
    fn io_number(&self) -> Option<(u32, usize)> {
        let digits = self.chars[self.pos..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        match self.peek(digits) {
            Some('<' | '>') => {
                let text: String = self.chars[self.pos..self.pos + digits].iter().collect();
                Some((text.parse().unwrap_or(u32::MAX), digits))
            }
            _ => None,
        }
    }

    /// Lexes a redirection operator at the cursor; `fd` is an explicit descriptor number
    /// and where it started.
    fn redirect(&mut self, fd: Option<(u32, usize)>) -> Result<(), ShellError> {
        let start = fd.map_or(self.pos, |(_, s)| s);
        let op_char = self.peek(0).unwrap_or('>');
        self.pos += 1;
        let op = if op_char == '<' {
            self.input_redirect(fd, start)?
        } else {
            self.output_redirect(fd.map_or(1, |(n, _)| n), start)?
        };
        self.tokens.push((start, Tok::Redir(op)));
        Ok(())
    }

    /// The operator after `<` (already consumed).
    fn input_redirect(
        &mut self,
        fd: Option<(u32, usize)>,
        start: usize,
    ) -> Result<RedirOp, ShellError> {
        if fd.is_some_and(|(n, _)| n != 0) {
            return Err(err(start, "only standard input can be redirected with `<`"));
        }
        match self.peek(0) {
            Some('<') => Err(err(start, "here-documents (`<<`) are not supported")),
            Some('(') => Err(err(start, "process substitution is not supported")),
            Some('>' | '&') => Err(err(start, "this redirection is not supported")),
            _ => Ok(RedirOp::In),
        }
    }

    /// The operator after `>` (already consumed) for descriptor `fd`.
    fn output_redirect(&mut self, fd: u32, start: usize) -> Result<RedirOp, ShellError> {
        if self.peek(0) == Some('|') {
            return Err(err(start, "`>|` is not supported"));
        }
        let append = self.peek(0) == Some('>');
        if append {
            self.pos += 1;
        }
        let dup = if !append && self.peek(0) == Some('&') {
            self.pos += 1;
            let target = self.peek(0);
            self.pos += 1;
            Some(target)
        } else {
            None
        };
        match (fd, dup) {
            (1, None) => Ok(RedirOp::Out { append }),
            (2, None) => Ok(RedirOp::Err { append }),
            (2, Some(Some('1'))) => Ok(RedirOp::ErrToOut),
            (1, Some(Some('2'))) => Ok(RedirOp::OutToErr),
            (1 | 2, Some(_)) => Err(err(
                start,
                "only `2>&1` and `>&2` duplications are supported",
            )),
            _ => Err(err(start, "only descriptors 0, 1 and 2 can be redirected")),
        }
    }

    /// Lexes one word, removing quotes and escapes.
    fn word(&mut self) -> Result<(), ShellError> {
        let start = self.pos;
        let mut text = String::new();
        let mut quoted = false;
        while let Some(c) = self.peek(0) {
            if c == ' ' || c == '\t' || is_operator_char(c) {
                break;
            }
            match c {
                '\'' => {
                    quoted = true;
                    self.single_quoted(&mut text)?;
                }
                '"' => {
                    quoted = true;
                    self.double_quoted(&mut text)?;
                }
                '\\' => {
                    quoted = true;
                    let Some(next) = self.peek(1) else {
                        return Err(err(self.pos, "trailing backslash"));
                    };
                    text.push(next);
                    self.pos += 2;
                }
                '$' => {
                    self.dollar()?;
                    text.push('$');
                }
                _ => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        self.tokens.push((start, Tok::Word { text, quoted }));
        Ok(())
    }

    /// Rejects a `$` that a shell would expand; consumes a literal one.
    fn dollar(&mut self) -> Result<(), ShellError> {
        match self.peek(1) {
            Some(c) if c.is_ascii_alphanumeric() || "_{(@*#?!-$".contains(c) => Err(err(
                self.pos,
                "`$` expansions are not supported (quote a literal `$` with '…')",
            )),
            _ => {
                self.pos += 1;
                Ok(())
            }
        }
    }

    /// Consumes `'…'`, appending its literal content.
    fn single_quoted(&mut self, text: &mut String) -> Result<(), ShellError> {
        let open = self.pos;
        self.pos += 1;
        loop {
            match self.peek(0) {
                None => return Err(err(open, "unterminated single quote")),
                Some('\'') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// Consumes `"…"`, appending its content with `\"`, `\\`, `\$` and `` \` `` unescaped.
    fn double_quoted(&mut self, text: &mut String) -> Result<(), ShellError> {
        let open = self.pos;
        self.pos += 1;
        loop {
            match self.peek(0) {
                None => return Err(err(open, "unterminated double quote")),
                Some('"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some('\\') if matches!(self.peek(1), Some('"' | '\\' | '$' | '`')) => {
                    text.push(self.peek(1).unwrap_or('\\'));
                    self.pos += 2;
                }
                Some('$') => {
                    self.dollar()?;
                    text.push('$');
                }
                Some('`') => return Err(err(self.pos, "backquotes are not supported")),
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
    }
}

/// Quotes `word` for display so that it would lex back to itself.
pub fn quote_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%^{}[]~".contains(c) || !c.is_ascii());
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

impl fmt::Display for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Redirect::StdinFrom(p) => write!(f, "< {}", quote_word(p)),
            Redirect::StdoutTo { path, append } => {
                write!(
                    f,
                    "{} {}",
                    if *append { ">>" } else { ">" },
                    quote_word(path)
                )
            }
            Redirect::StderrTo { path, append } => {
                write!(
                    f,
                    "{} {}",
                    if *append { "2>>" } else { "2>" },
                    quote_word(path)
                )
            }
            Redirect::StderrToStdout => f.write_str("2>&1"),
            Redirect::StdoutToStderr => f.write_str(">&2"),
        }
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = vec!["not".to_string(); self.negations];
        parts.extend(self.argv.iter().map(|w| quote_word(w)));
        parts.extend(self.redirects.iter().map(|r| r.to_string()));
        f.write_str(&parts.join(" "))
    }
}

impl fmt::Display for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.commands.iter().map(|c| c.to_string()).collect();
        f.write_str(&parts.join(" | "))
    }
}

impl Pipeline {
    /// Applies `subst` to every word and redirection target.
    pub fn map_words(&self, subst: impl Fn(&str) -> String) -> Pipeline {
        let commands = self
            .commands
            .iter()
            .map(|c| Command {
                negations: c.negations,
                argv: c.argv.iter().map(|w| subst(w)).collect(),
                redirects: c.redirects.iter().map(|r| r.map_path(&subst)).collect(),
            })
            .collect();
        Pipeline { commands }
    }

    /// Whether the last stage runs FileCheck (then FileCheck decides, and no snapshot is kept).
    pub fn ends_in_filecheck(&self) -> bool {
        self.commands
            .last()
            .and_then(|c| c.argv.first())
            .is_some_and(|program| program == crate::filecheck::FILECHECK)
    }
}

impl Redirect {
    /// The same redirection with its file name passed through `subst`.
    fn map_path(&self, subst: impl Fn(&str) -> String) -> Redirect {
        match self {
            Redirect::StdinFrom(p) => Redirect::StdinFrom(subst(p)),
            Redirect::StdoutTo { path, append } => Redirect::StdoutTo {
                path: subst(path),
                append: *append,
            },
            Redirect::StderrTo { path, append } => Redirect::StderrTo {
                path: subst(path),
                append: *append,
            },
            other => other.clone(),
        }
    }
}
