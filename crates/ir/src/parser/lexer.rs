//! Byte-level lexer of MLIR text: tokens are spans into the source, never allocated.

/// The kind of a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// End of input.
    Eof,
    /// `module`, `func.func`, `f32`, `nn.add`, `true`, …
    BareId,
    /// `%name`, `%0`.
    PercentId,
    /// `@name` or `@"quoted name"`.
    AtId,
    /// `#name`, `#1`.
    HashId,
    /// `^bb0`.
    CaretId,
    /// `!dialect.type`.
    ExclaimId,
    /// Decimal or `0x…` hexadecimal integer.
    Integer,
    /// Decimal float with a `.`.
    Float,
    /// `"…"`, quotes included in the span.
    String,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `[`
    LSquare,
    /// `]`
    RSquare,
    /// `<`
    Less,
    /// `>`
    Greater,
    /// `,`
    Comma,
    /// `:`
    Colon,
    /// `=`
    Equal,
    /// `->`
    Arrow,
    /// `-`
    Minus,
    /// `+`
    Plus,
    /// `?`
    Question,
    /// `*`
    Star,
}

impl Tok {
    /// How the token kind is named in "expected …" messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Tok::Eof => "end of input",
            Tok::BareId => "identifier",
            Tok::PercentId => "SSA value name",
            Tok::AtId => "symbol name",
            Tok::HashId => "'#' identifier",
            Tok::CaretId => "block label",
            Tok::ExclaimId => "'!' identifier",
            Tok::Integer => "integer",
            Tok::Float => "float",
            Tok::String => "string",
            Tok::LParen => "'('",
            Tok::RParen => "')'",
            Tok::LBrace => "'{'",
            Tok::RBrace => "'}'",
            Tok::LSquare => "'['",
            Tok::RSquare => "']'",
            Tok::Less => "'<'",
            Tok::Greater => "'>'",
            Tok::Comma => "','",
            Tok::Colon => "':'",
            Tok::Equal => "'='",
            Tok::Arrow => "'->'",
            Tok::Minus => "'-'",
            Tok::Plus => "'+'",
            Tok::Question => "'?'",
            Tok::Star => "'*'",
        }
    }
}

/// A token: its kind, byte span and 1-based line and column of its start.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    /// Kind.
    pub kind: Tok,
    /// Start byte offset.
    pub start: u32,
    /// End byte offset (exclusive).
    pub end: u32,
    /// 1-based line (without the parser's line offset).
    pub line: u32,
    /// 1-based byte column.
    pub col: u32,
}

/// A lexical error: message and the byte offset it points at.
#[derive(Debug)]
pub(crate) struct LexError {
    /// What is wrong.
    pub msg: &'static str,
    /// Line of the offending byte.
    pub line: u32,
    /// Column of the offending byte.
    pub col: u32,
}

/// The lexer: a cursor over the bytes that tracks the current line.
pub(crate) struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: u32,
    line_start: usize,
}

/// True for bytes that may continue a bare identifier.
#[inline]
pub(crate) fn is_bare_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.')
}

/// True for bytes that may continue a `%`/`@`/`#`/`^`/`!` suffix identifier.
#[inline]
pub(crate) fn is_suffix_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.' | b'-')
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `src`.
    pub(crate) fn new(src: &'a str) -> Lexer<'a> {
        Lexer {
            src: src.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The source bytes.
    pub(crate) fn src(&self) -> &'a [u8] {
        self.src
    }

    /// Moves the cursor to `pos`, which must be on the current line (or the end of a token on it).
    pub(crate) fn reset_to(&mut self, pos: usize) {
        self.pos = pos;
    }

    /// 1-based column of byte offset `pos`, which lies on the current line.
    pub(crate) fn col_of(&self, pos: usize) -> u32 {
        (pos.saturating_sub(self.line_start) + 1) as u32
    }

    fn skip_trivia(&mut self) {
        let src = self.src;
        while let Some(&b) = src.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.line_start = self.pos;
                }
                b'/' if src.get(self.pos + 1) == Some(&b'/') => {
                    self.pos =
                        memchr::memchr(b'\n', &src[self.pos..]).map_or(src.len(), |n| self.pos + n);
                }
                _ => return,
            }
        }
    }

    fn err(&self, pos: usize, msg: &'static str) -> LexError {
        LexError {
            msg,
            line: self.line,
            col: self.col_of(pos),
        }
    }

    /// Lexes the next token.
    pub(crate) fn next_token(&mut self) -> Result<Token, LexError> {
        self.skip_trivia();
        let start = self.pos;
        let src = self.src;
        let Some(&b) = src.get(start) else {
            return Ok(self.make(Tok::Eof, start));
        };
        self.pos += 1;
        let kind = match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                self.eat_while(is_bare_continue);
                Tok::BareId
            }
            b'0'..=b'9' => self.lex_number(b),
            b'%' => self.lex_prefixed(Tok::PercentId)?,
            b'@' => self.lex_at()?,
            b'#' => self.lex_prefixed(Tok::HashId)?,
            b'^' => self.lex_prefixed(Tok::CaretId)?,
            b'!' => self.lex_prefixed(Tok::ExclaimId)?,
            b'"' => {
                self.lex_string_body()?;
                Tok::String
            }
            b'(' => Tok::LParen,
            b')' => Tok::RParen,
            b'{' => Tok::LBrace,
            b'}' => Tok::RBrace,
            b'[' => Tok::LSquare,
            b']' => Tok::RSquare,
            b'<' => Tok::Less,
            b'>' => Tok::Greater,
            b',' => Tok::Comma,
            b':' => Tok::Colon,
            b'=' => Tok::Equal,
            b'?' => Tok::Question,
            b'*' => Tok::Star,
            b'+' => Tok::Plus,
            b'-' if src.get(self.pos) == Some(&b'>') => {
                self.pos += 1;
                Tok::Arrow
            }
            b'-' => Tok::Minus,
            _ => return Err(self.err(start, "unexpected character")),
        };
        Ok(self.make(kind, start))
    }

    #[inline]
    fn make(&self, kind: Tok, start: usize) -> Token {
        Token {
            kind,
            start: start as u32,
            end: self.pos as u32,
            line: self.line,
            col: self.col_of(start),
        }
    }

    #[inline]
    fn eat_while(&mut self, f: impl Fn(u8) -> bool) {
        let src = self.src;
        while self.pos < src.len() && f(src[self.pos]) {
            self.pos += 1;
        }
    }

    fn lex_prefixed(&mut self, kind: Tok) -> Result<Tok, LexError> {
        let start = self.pos;
        self.eat_while(is_suffix_char);
        if self.pos == start {
            let what = match kind {
                Tok::PercentId => "invalid SSA name",
                Tok::HashId => "invalid attribute alias name",
                Tok::CaretId => "invalid block name",
                Tok::AtId => "expected symbol name after '@'",
                _ => "invalid type identifier",
            };
            return Err(self.err(start - 1, what));
        }
        Ok(kind)
    }

    fn lex_at(&mut self) -> Result<Tok, LexError> {
        if self.src.get(self.pos) == Some(&b'"') {
            self.pos += 1;
            self.lex_string_body()?;
            return Ok(Tok::AtId);
        }
        self.lex_prefixed(Tok::AtId)
    }

    /// Lexes the rest of a string literal after its opening quote.
    fn lex_string_body(&mut self) -> Result<(), LexError> {
        let src = self.src;
        loop {
            let Some(n) = memchr::memchr3(b'"', b'\\', b'\n', &src[self.pos..]) else {
                return Err(self.err(src.len(), "expected '\"' in string literal"));
            };
            let at = self.pos + n;
            match src[at] {
                b'"' => {
                    self.pos = at + 1;
                    return Ok(());
                }
                b'\\' if !matches!(src.get(at + 1), None | Some(b'\n')) => self.pos = at + 2,
                _ => return Err(self.err(at, "expected '\"' in string literal")),
            }
        }
    }

    fn lex_number(&mut self, first: u8) -> Tok {
        let src = self.src;
        if first == b'0'
            && src.get(self.pos) == Some(&b'x')
            && src.get(self.pos + 1).is_some_and(u8::is_ascii_hexdigit)
        {
            self.pos += 1;
            self.eat_while(|b| b.is_ascii_hexdigit());
            return Tok::Integer;
        }
        self.eat_while(|b| b.is_ascii_digit());
        if src.get(self.pos) != Some(&b'.') {
            return Tok::Integer;
        }
        self.pos += 1;
        self.eat_while(|b| b.is_ascii_digit());
        if matches!(src.get(self.pos), Some(b'e' | b'E')) {
            let digit_at = match src.get(self.pos + 1) {
                Some(b'+' | b'-') => self.pos + 2,
                _ => self.pos + 1,
            };
            if src.get(digit_at).is_some_and(u8::is_ascii_digit) {
                self.pos = digit_at;
                self.eat_while(|b| b.is_ascii_digit());
            }
        }
        Tok::Float
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        let mut l = Lexer::new(s);
        let mut v = vec![];
        loop {
            let t = l.next_token().unwrap();
            v.push(t.kind);
            if t.kind == Tok::Eof {
                return v;
            }
        }
    }

    #[test]
    fn lexes_op_line() {
        use Tok::*;
        let k = kinds("%0:2 = \"x.y\"(%a#1) -> 1.5e-3 0x7F // c\n @\"q r\" -2");
        assert_eq!(
            k,
            vec![
                PercentId, Colon, Integer, Equal, String, LParen, PercentId, HashId, RParen, Arrow,
                Float, Integer, AtId, Minus, Integer, Eof
            ]
        );
    }

    #[test]
    fn tracks_lines_and_columns() {
        let mut l = Lexer::new("a\n  bc");
        l.next_token().unwrap();
        let t = l.next_token().unwrap();
        assert_eq!((t.line, t.col), (2, 3));
    }

    #[test]
    fn unterminated_string_is_an_error() {
        let mut l = Lexer::new("\"abc\n\"");
        let e = l.next_token().unwrap_err();
        assert_eq!(
            (e.msg, e.line, e.col),
            ("expected '\"' in string literal", 1, 5)
        );
    }
}
