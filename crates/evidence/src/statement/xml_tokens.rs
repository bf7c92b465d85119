//! A streaming pull tokenizer for the XML that camt.053 statements are written in: start, empty
//! and end tags, text, CDATA and entity references, read from any [`Read`] through one
//! refillable buffer, with nothing kept of a token once the next is asked for.
//!
//! It replaces quick-xml for camt.053 because quick-xml's buffered event loop alone read only
//! about 235 MB/s here, below the 200 MB/s the whole import must reach (issue 3). The buffer is
//! filled a block at a time; a token is always whole in it (the unfinished tail is shifted to the
//! front before the next block is read), so tokens are slices of the buffer, found with `memchr`.
//!
//! What it checks, as quick-xml did for the camt.053 reader, with quick-xml's messages: end tags
//! match their start tags, markup is closed before the end of the input, references end with
//! `;`, every token is UTF-8. Stricter than quick-xml: text or a second element outside the root
//! element is refused (not well-formed XML; quick-xml let both through). A token longer than the
//! limit given to [`Tokens::new`] is refused before more of it is read, so memory stays bounded
//! whatever the input. Comments, processing instructions and the XML declaration are checked and
//! skipped; a DOCTYPE is reported as soon as `<!DOCTYPE` is seen, before anything in it is read.
//!
//! Line numbers are counted only when asked for (a diagnostic needs one), from the last position
//! counted, and before the buffer is shifted: counting every line end eagerly was a tenth of the
//! import time.

use std::cell::Cell;
use std::io::{self, Read};

use memchr::{memchr, memchr2, memchr3, memmem};

use super::words::{first_byte, splat, word, zero_bytes};

/// Bytes asked of the reader at a time (the buffer holds a block plus an unfinished token).
pub(super) const BLOCK: usize = 256 * 1024;

/// What [`Tokens::next`] found. The token's bytes are read with [`Tokens::start_tag`],
/// [`Tokens::text`], [`Tokens::raw_text`] and [`Tokens::reference`] until the next call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Token {
    /// `<name attributes>`.
    Start,
    /// `<name attributes/>`: a start immediately followed by its end.
    Empty,
    /// `</name>`, already matched with its start tag.
    End,
    /// Character data between markup, as written (line ends not normalised, no `&`).
    Text,
    /// The content of `<![CDATA[...]]>`, as written.
    CData,
    /// `&name;`: the name between `&` and `;` (`amp`, `#233`, `#xE9` or anything else).
    Reference,
    /// `<!DOCTYPE`: reported before any of the declaration is read.
    DocType,
    /// The end of the input.
    Eof,
}

/// Why the input cannot be read on, and the line where that was found.
#[derive(Debug)]
pub(super) struct TokenError {
    /// What is wrong.
    pub(super) kind: TokenErrorKind,
    /// The line it is reported at (1-based).
    pub(super) line: u64,
}

/// What is wrong with the input.
#[derive(Debug)]
pub(super) enum TokenErrorKind {
    /// One token (text, tag, comment, ...) is longer than the limit; the line is its first.
    TooLong,
    /// A token is not UTF-8; the line is the token's last.
    InvalidUtf8,
    /// The reader failed.
    Io(io::Error),
    /// Not well-formed XML, in quick-xml's words (`syntax error: ...`, `ill-formed document: ...`).
    NotWellFormed(String),
}

/// A start tag: its qualified name and its attributes, read when asked for.
#[derive(Clone, Copy, Debug)]
pub(super) struct StartTag<'a> {
    /// The name as written, with any namespace prefix (`ns2:Ntry`).
    pub(super) name: &'a str,
    /// Everything after the name, up to the `>` or `/>`.
    attributes: &'a str,
    /// The name's [`name_key`].
    key: u128,
}

impl<'a> StartTag<'a> {
    /// The [`name_key`] of [`StartTag::name`] (0 if it has none).
    #[inline(always)]
    pub(super) fn key(&self) -> u128 {
        self.key
    }

    /// The [`name_key`] of [`StartTag::local_name`].
    #[inline(always)]
    pub(super) fn local_key(&self) -> u128 {
        // A name with a key holds its bytes in it: no `:` there, no prefix.
        let colon = |half: u64| zero_bytes(half ^ splat(b':')) != 0;
        if self.key != 0 && !colon(self.key as u64) && !colon((self.key >> 64) as u64) {
            self.key
        } else {
            name_key(self.local_name().as_bytes())
        }
    }

    /// The name without its namespace prefix (after the first `:`).
    #[inline]
    pub(super) fn local_name(&self) -> &'a str {
        // Names are short: a loop, not memchr.
        match self.name.bytes().position(|b| b == b':') {
            Some(colon) => &self.name[colon + 1..],
            None => self.name,
        }
    }

    /// The attributes in order, as `(name, value as written)`, or `Err` for one that is not
    /// `name = "value"` or `name = 'value'` (reading goes on after it, as quick-xml's did).
    pub(super) fn attributes(&self) -> Attributes<'a> {
        Attributes {
            text: self.attributes,
            state: AttrState::Next(0),
        }
    }

    /// [`StartTag::attribute`], borrowed from the tag when `key` is its only attribute,
    /// written ` key="value"` with nothing to replace (`<Amt Ccy="EUR">`, nearly every
    /// attribute of a camt.053 file): no list of names seen and no copy.
    pub(super) fn attribute_borrowed(&self, key: &str) -> Option<std::borrow::Cow<'a, str>> {
        let plain = self
            .attributes
            .strip_prefix(' ')
            .and_then(|rest| rest.strip_prefix(key))
            .and_then(|rest| rest.strip_prefix("=\""))
            .and_then(|rest| rest.strip_suffix('"'))
            .filter(|value| {
                !value
                    .bytes()
                    .any(|b| matches!(b, b'"' | b'&' | b'\t' | b'\r' | b'\n'))
            });
        match plain {
            Some(value) => Some(std::borrow::Cow::Borrowed(value)),
            None => self.attribute(key).map(std::borrow::Cow::Owned),
        }
    }

    /// The value of attribute `key` (normalised, see [`attribute_value`]), if it is there and
    /// every attribute before it is well-formed, named once and has only known references.
    pub(super) fn attribute(&self, key: &str) -> Option<String> {
        let mut seen: Vec<&str> = Vec::new();
        for attribute in self.attributes() {
            let (k, raw) = attribute.ok()?;
            if k == key {
                return attribute_value(raw);
            }
            if seen.contains(&k) {
                return None;
            }
            seen.push(k);
        }
        None
    }
}

/// Iterator over the attributes of a [`StartTag`]: a port of quick-xml's, so that malformed
/// attributes are skipped (or stop [`StartTag::attribute`]) where they did before.
pub(super) struct Attributes<'a> {
    text: &'a str,
    state: AttrState,
}

#[derive(Clone, Copy)]
enum AttrState {
    /// The next attribute starts at or after this offset.
    Next(usize),
    /// After an unquoted value: go on at the next whitespace from this offset.
    SkipValue(usize),
    Done,
}

impl<'a> Iterator for Attributes<'a> {
    type Item = Result<(&'a str, &'a str), ()>;

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let find = |from: usize, what: &dyn Fn(u8) -> bool| (from..len).find(|&i| what(bytes[i]));
        let start = match self.state {
            AttrState::Done => return None,
            AttrState::Next(at) if at <= len => at,
            AttrState::Next(_) => return None,
            AttrState::SkipValue(at) => find(at, &is_xml_space_byte)?,
        };
        let Some(key_start) = find(start, &|b| !is_xml_space_byte(b)) else {
            self.state = AttrState::Done;
            return None;
        };
        let key_end = find(key_start, &|b| b == b'=' || is_xml_space_byte(b));
        let (key_end, eq) = match key_end {
            Some(e) if bytes[e] == b'=' => (e, e),
            Some(e) => match find(e, &|b| !is_xml_space_byte(b)) {
                Some(eq) if bytes[eq] == b'=' => (e, eq),
                Some(next) => {
                    self.state = AttrState::Next(next);
                    return Some(Err(()));
                }
                None => {
                    self.state = AttrState::Done;
                    return Some(Err(()));
                }
            },
            None => {
                self.state = AttrState::Done;
                return Some(Err(()));
            }
        };
        let (value_start, quote) = match find(eq + 1, &|b| !is_xml_space_byte(b)) {
            Some(q) if bytes[q] == b'"' || bytes[q] == b'\'' => (q + 1, bytes[q]),
            Some(other) => {
                self.state = AttrState::SkipValue(other);
                return Some(Err(()));
            }
            None => {
                self.state = AttrState::Done;
                return Some(Err(()));
            }
        };
        let Some(value_end) = find(value_start, &|b| b == quote) else {
            self.state = AttrState::Done;
            return Some(Err(()));
        };
        self.state = AttrState::Next(value_end + 1);
        Some(Ok((
            &self.text[key_start..key_end],
            &self.text[value_start..value_end],
        )))
    }
}

/// An attribute value as XML 1.0 reads it: the five predefined entities and character
/// references replaced, tab, CR, LF and CR LF each one space. `None` if it holds another
/// reference or one without `;`.
pub(super) fn attribute_value(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find(['&', '\t', '\r', '\n']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match tail.as_bytes()[0] {
            b'&' => {
                let end = tail.find(';')?;
                out.push(resolve_reference(&tail[1..end])?);
                rest = &tail[end + 1..];
            }
            b'\r' if tail.as_bytes().get(1) == Some(&b'\n') => {
                out.push(' ');
                rest = &tail[2..];
            }
            _ => {
                out.push(' ');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// The character a reference stands for: one of XML's five entities or a character reference
/// (`#233`, `#xE9`; no sign, not zero, a Unicode scalar value). `None` for anything else.
pub(super) fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => {}
    }
    let number = name.strip_prefix('#')?;
    let (digits, radix) = match number.strip_prefix('x') {
        Some(hex) => (hex, 16),
        None => (number, 10),
    };
    if digits.starts_with(['+', '-']) {
        return None;
    }
    let code = u32::from_str_radix(digits, radix).ok()?;
    if code == 0 {
        return None;
    }
    char::from_u32(code)
}

/// Text with XML 1.0 line ends: CR LF and a lone CR each become LF.
pub(super) fn normalise_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    // Values are short: a loop, not memchr.
    if !text.bytes().any(|b| b == b'\r') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

/// XML's whitespace: space, tab, CR, LF.
fn is_xml_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The tokenizer: a reader, the buffer read from it, the open elements and the lazy line count.
pub(super) struct Tokens<R> {
    reader: R,
    /// The input read and not yet dropped, as text: it is checked as UTF-8 a block at a time
    /// as it is read, so that tokens are slices of it without a check each.
    buf: String,
    /// The first bytes of a character whose other bytes have not been read yet.
    pending: [u8; 3],
    pending_len: usize,
    /// Where in `buf` the first byte that was not UTF-8 was (replaced by U+FFFD); the token
    /// holding it is refused when it is read. `usize::MAX` while there is none.
    invalid_at: usize,
    /// Where the next token starts.
    pos: usize,
    /// The reader has said it has nothing more (it is not asked again).
    eof: bool,
    /// The first block has been read (and a byte order mark dropped).
    started: bool,
    /// Smallest read worth making (half a block).
    block: usize,
    /// Longest token accepted.
    max_token: usize,
    /// The current token: all of it, markup included (for its lines), and what the accessors
    /// return (a tag's content without `<`, `>` and `/>`, a text, a reference's name).
    token_start: usize,
    token_end: usize,
    inner_start: usize,
    inner_end: usize,
    /// Where the current start tag's name ends.
    name_end: usize,
    /// The open elements' names as keys ([`name_key`]); names too long for a key (0) are also
    /// kept in `long`, one after the other, starting where `long_at` says.
    open: Vec<u128>,
    long: Vec<u8>,
    long_at: Vec<usize>,
    /// The key of the current start tag's name.
    start_key: u128,
    /// The root element has been closed: nothing but whitespace, comments and processing
    /// instructions may follow.
    root_done: bool,
    /// Where the first CR at or after the current text is, if looked for since the last read
    /// (`usize::MAX`: none up to the end of the buffer).
    next_cr: Cell<Option<usize>>,
    /// Line ends are counted up to `counted` (a position in `buf`); `line` is the line there.
    counted: Cell<usize>,
    line: Cell<u64>,
    /// Whitespace-only text up to this long, directly after a tag and before the next `<`, is
    /// not reported (0: all text is); see [`Tokens::skip_blank_after_tags`].
    skip_blank: usize,
    /// The last token reported was a start, empty or end tag.
    after_tag: bool,
}

impl<R: Read> Tokens<R> {
    /// A tokenizer over `reader` refusing tokens longer than `max_token` bytes.
    pub(super) fn new(reader: R, max_token: usize) -> Self {
        Self::with_block(reader, BLOCK, max_token)
    }

    /// A tokenizer that reads `block` bytes at a time (tests use tiny blocks to put a refill at
    /// every position).
    pub(super) fn with_block(reader: R, block: usize, max_token: usize) -> Self {
        let block = block.max(1);
        Tokens {
            reader,
            buf: String::with_capacity(2 * block),
            pending: [0; 3],
            pending_len: 0,
            invalid_at: usize::MAX,
            pos: 0,
            eof: false,
            started: false,
            block: block.div_ceil(2),
            max_token,
            token_start: 0,
            token_end: 0,
            inner_start: 0,
            inner_end: 0,
            name_end: 0,
            open: Vec::new(),
            long: Vec::new(),
            long_at: Vec::new(),
            start_key: 0,
            root_done: false,
            next_cr: Cell::new(None),
            counted: Cell::new(0),
            line: Cell::new(1),
            skip_blank: 0,
            after_tag: false,
        }
    }

    /// Stops reporting text that is only XML whitespace (space, tab, CR, LF), at most `limit`
    /// bytes long, between a tag and the next `<`: the indentation between elements, a quarter
    /// of the tokens of a camt.053 file, which a reader that drops leading whitespace of a
    /// value never needs. Text after a text, CDATA or reference is still reported, as is
    /// whitespace before `&` or the end of the input.
    pub(super) fn skip_blank_after_tags(&mut self, limit: usize) {
        self.skip_blank = limit;
    }

    /// The next token; comments, processing instructions and the XML declaration are skipped.
    // Inlined into the reader's loop (its only caller outside tests): a call of its own saved
    // and restored six registers and returned the token through memory, for every token.
    #[inline(always)]
    pub(super) fn next(&mut self) -> Result<Token, Box<TokenError>> {
        if !self.started {
            self.started = true;
            self.refill()?;
            self.skip_bom()?;
        }
        loop {
            let found = self.scan()?;
            let Some(token) = found else {
                if self.buf.len() - self.pos > self.max_token {
                    return Err(self.error_at(self.pos, TokenErrorKind::TooLong));
                }
                self.refill()?;
                continue;
            };
            if self.token_end - self.token_start > self.max_token {
                return Err(self.error_at(self.token_start, TokenErrorKind::TooLong));
            }
            match token {
                Scanned::Token(token) => {
                    self.after_tag = matches!(token, Token::Start | Token::Empty | Token::End);
                    return Ok(token);
                }
                Scanned::Skipped => continue,
            }
        }
    }

    /// The current start or empty tag ([`Token::Start`], [`Token::Empty`]).
    #[inline]
    pub(super) fn start_tag(&self) -> Result<StartTag<'_>, Box<TokenError>> {
        Ok(StartTag {
            name: &self.buf[self.inner_start..self.name_end],
            attributes: &self.buf[self.name_end..self.inner_end],
            key: self.start_key,
        })
    }

    /// The current text or CDATA as written ([`Token::Text`], [`Token::CData`]), not yet known
    /// to be UTF-8.
    pub(super) fn raw_text(&self) -> &[u8] {
        &self.buf.as_bytes()[self.inner_start..self.inner_end]
    }

    /// The current text or CDATA as written ([`Token::Text`], [`Token::CData`]).
    pub(super) fn text(&self) -> Result<&str, Box<TokenError>> {
        self.inner_str()
    }

    /// The current reference's name, between `&` and `;` ([`Token::Reference`]).
    pub(super) fn reference(&self) -> Result<&str, Box<TokenError>> {
        self.inner_str()
    }

    /// Whether the current text or CDATA holds a CR (and so needs its line ends normalised):
    /// one `memchr` per block of a file with LF line ends, not a look at every text.
    pub(super) fn text_has_cr(&self) -> bool {
        let cr = match self.next_cr.get() {
            Some(at) if at >= self.inner_start => at,
            _ => {
                let bytes = &self.buf.as_bytes()[self.inner_start..];
                let at = memchr(b'\r', bytes).map_or(usize::MAX, |n| self.inner_start + n);
                self.next_cr.set(Some(at));
                at
            }
        };
        cr < self.inner_end
    }

    /// The line the current token starts on.
    pub(super) fn start_line(&self) -> u64 {
        self.line_at(self.token_start)
    }

    /// The line the current token ends on (the line of the byte after it).
    pub(super) fn end_line(&self) -> u64 {
        self.line_at(self.token_end)
    }

    fn inner_str(&self) -> Result<&str, Box<TokenError>> {
        Ok(&self.buf[self.inner_start..self.inner_end])
    }

    /// The line of position `at` of the buffer, counting from the last position counted.
    fn line_at(&self, at: usize) -> u64 {
        let counted = self.counted.get();
        if at >= counted {
            let line = self.line.get() + count_newlines(&self.buf.as_bytes()[counted..at]);
            self.line.set(line);
            self.counted.set(at);
            line
        } else {
            self.line.get() - count_newlines(&self.buf.as_bytes()[at..counted])
        }
    }

    /// The error `kind` at position `at` (boxed: the hot paths return small results).
    #[cold]
    fn error_at(&self, at: usize, kind: TokenErrorKind) -> Box<TokenError> {
        Box::new(TokenError {
            kind,
            line: self.line_at(at),
        })
    }

    fn ill_formed(&self, at: usize, message: String) -> Box<TokenError> {
        self.error_at(
            at,
            TokenErrorKind::NotWellFormed(format!("ill-formed document: {message}")),
        )
    }

    fn syntax(&self, at: usize, message: &str) -> Box<TokenError> {
        self.error_at(
            at,
            TokenErrorKind::NotWellFormed(format!("syntax error: {message}")),
        )
    }

    /// Drops a UTF-8 byte order mark at the start of the input.
    fn skip_bom(&mut self) -> Result<(), Box<TokenError>> {
        while self.buf.len() < 3 && !self.eof {
            self.refill()?;
        }
        if self.buf.starts_with('\u{feff}') {
            self.pos = 3;
            self.counted.set(3);
        }
        Ok(())
    }

    /// Drops what is before the next token (counting its line ends first) and reads at least
    /// half a block, or up to the end of the input.
    #[cold]
    fn refill(&mut self) -> Result<(), Box<TokenError>> {
        let keep = self.pos;
        if keep > 0 {
            self.line_at(keep);
            self.buf.replace_range(..keep, "");
            self.pos = 0;
            self.counted.set(0);
            self.token_start = 0;
            self.token_end = 0;
            if self.invalid_at != usize::MAX {
                self.invalid_at -= keep;
            }
        }
        // A CR found is still where it was (less what was dropped); "none" is no longer known.
        let cr = self.next_cr.get();
        self.next_cr.set(
            cr.filter(|&at| at != usize::MAX && at >= keep)
                .map(|at| at - keep),
        );
        // The text's bytes get the next block read straight after them (no copy), and are made
        // text again by one UTF-8 check of what was kept and what was read.
        let mut bytes = std::mem::take(&mut self.buf).into_bytes();
        bytes.extend_from_slice(&self.pending[..self.pending_len]);
        self.pending_len = 0;
        let want = 2 * self.block;
        bytes.reserve_exact(want);
        let before = bytes.len();
        let read = (&mut self.reader).take(want as u64).read_to_end(&mut bytes);
        match read {
            Ok(n) if n < want => self.eof = true,
            Ok(_) => {}
            Err(e) => {
                bytes.truncate(before);
                self.buf = into_text(bytes, &mut self.invalid_at);
                return Err(self.error_at(self.buf.len(), TokenErrorKind::Io(e)));
            }
        }
        if !self.eof {
            // The first bytes of a character whose other bytes are not read yet wait for them.
            let unfinished = unfinished_char(&bytes);
            self.pending[..unfinished].copy_from_slice(&bytes[bytes.len() - unfinished..]);
            self.pending_len = unfinished;
            bytes.truncate(bytes.len() - unfinished);
        }
        self.buf = into_text(bytes, &mut self.invalid_at);
        Ok(())
    }

    /// Reads the token at `pos` if it is whole in the buffer (or the input ends); `None` if more
    /// must be read first.
    fn scan(&mut self) -> Result<Option<Scanned>, Box<TokenError>> {
        let at = self.pos;
        if at == self.buf.len() {
            if !self.eof {
                return Ok(None);
            }
            self.set(at, at, at, at)?;
            return Ok(Some(Scanned::Token(Token::Eof)));
        }
        let mut at = at;
        let mut first = self.buf.as_bytes()[at];
        if first != b'<' && first != b'&' && self.after_tag && self.skip_blank > 0 {
            // Indentation after a tag and the markup after it are read at once, not by another
            // turn of `next`'s loop (which would come to that markup by the same way).
            let data = &self.buf.as_bytes()[at..];
            if let Some(n) = blank_end(data).filter(|&n| n <= self.skip_blank && data[n] == b'<') {
                at += n;
                self.pos = at;
                first = b'<';
            }
        }
        match first {
            b'<' => self.markup(at),
            b'&' => self.scan_reference(at),
            _ => self.scan_text(at),
        }
    }

    /// Makes `start..end` the current token, with `inner_start..inner_end` what its accessors
    /// return; refuses it if it holds a byte that was not UTF-8.
    fn set(
        &mut self,
        start: usize,
        inner_start: usize,
        inner_end: usize,
        end: usize,
    ) -> Result<(), Box<TokenError>> {
        self.token_start = start;
        self.inner_start = inner_start;
        self.inner_end = inner_end;
        self.token_end = end;
        self.pos = end;
        if end > self.invalid_at {
            return Err(self.error_at(end, TokenErrorKind::InvalidUtf8));
        }
        Ok(())
    }

    fn scan_text(&mut self, at: usize) -> Result<Option<Scanned>, Box<TokenError>> {
        // Indentation after a tag has been skipped by `scan` already.
        let data = &self.buf.as_bytes()[at..];
        let end = match find_any(data, [b'<', b'&']) {
            Some(n) => at + n,
            None if self.eof => self.buf.len(),
            None => return Ok(None),
        };
        self.set(at, at, end, end)?;
        if self.open.is_empty() {
            self.outside_root(at, end)?;
        }
        Ok(Some(Scanned::Token(Token::Text)))
    }

    /// The open elements' names without their namespace prefixes, joined by `/`
    /// (`Document/BkToCstmrStmt/Stmt`): the field of an error inside them.
    pub(super) fn open_path(&self) -> String {
        let mut path = String::new();
        let mut long = 0;
        for (k, &key) in self.open.iter().enumerate() {
            let name = if key == 0 {
                long += 1;
                self.long_name(long - 1).to_vec()
            } else {
                key_name(key)
            };
            let name = String::from_utf8_lossy(&name);
            if k > 0 {
                path.push('/');
            }
            path.push_str(name.split_once(':').map_or(&*name, |(_, local)| local));
        }
        path
    }

    fn outside_root_message(&self) -> String {
        let where_ = if self.root_done { "after" } else { "before" };
        format!("text {where_} the root element")
    }

    /// Text outside the root element may only be whitespace.
    fn outside_root(&self, at: usize, end: usize) -> Result<(), Box<TokenError>> {
        match self.buf.as_bytes()[at..end]
            .iter()
            .position(|&b| !is_xml_space_byte(b))
        {
            None => Ok(()),
            Some(k) => Err(self.ill_formed(at + k, self.outside_root_message())),
        }
    }

    fn scan_reference(&mut self, at: usize) -> Result<Option<Scanned>, Box<TokenError>> {
        let from = at + 1;
        match memchr3(b';', b'&', b'<', &self.buf.as_bytes()[from..self.buf.len()]) {
            Some(n) if self.buf.as_bytes()[from + n] == b';' => {
                self.set(at, from, from + n, from + n + 1)?;
                if self.open.is_empty() {
                    return Err(self.ill_formed(at, self.outside_root_message()));
                }
                Ok(Some(Scanned::Token(Token::Reference)))
            }
            Some(n) => Err(self.ill_formed(from + n, UNCLOSED_REFERENCE.to_owned())),
            None if self.eof => Err(self.ill_formed(self.buf.len(), UNCLOSED_REFERENCE.to_owned())),
            None => Ok(None),
        }
    }

    fn markup(&mut self, at: usize) -> Result<Option<Scanned>, Box<TokenError>> {
        let Some(&second) = self.buf.as_bytes().get(at + 1) else {
            return self.unclosed("tag not closed: `>` not found before end of input");
        };
        match second {
            b'/' => self.end_tag(at),
            b'?' => self.processing_instruction(at),
            b'!' => self.bang(at),
            _ => self.start(at),
        }
    }

    /// `None` (read more) or, at the end of the input, the syntax error `message`.
    fn unclosed(&self, message: &str) -> Result<Option<Scanned>, Box<TokenError>> {
        if self.eof {
            Err(self.syntax(self.buf.len(), message))
        } else {
            Ok(None)
        }
    }

    /// Where the `>` closing the tag starting at `from` is, skipping quoted attribute values.
    fn tag_end(&self, from: usize) -> Result<Option<usize>, Box<TokenError>> {
        let data = &self.buf.as_bytes();
        let mut i = from;
        loop {
            let Some(n) = find_any(&data[i..], [b'>', b'"', b'\'']) else {
                return self
                    .unclosed("tag not closed: `>` not found before end of input")
                    .map(|_| None);
            };
            let k = i + n;
            let quote = data[k];
            if quote == b'>' {
                return Ok(Some(k));
            }
            match memchr(quote, &data[k + 1..]) {
                Some(m) => i = k + 1 + m + 1,
                None => {
                    let message = if quote == b'"' {
                        "attribute value not closed: `\"` not found before end of input"
                    } else {
                        "attribute value not closed: `'` not found before end of input"
                    };
                    return self.unclosed(message).map(|_| None);
                }
            }
        }
    }

    fn start(&mut self, at: usize) -> Result<Option<Scanned>, Box<TokenError>> {
        // The common case: a name and `>`, found in one pass over the name.
        let data = self.buf.as_bytes();
        let name_len = name_end(&data[at + 1..]);
        let (gt, name_end) = match name_len {
            Some(n) if data[at + 1 + n] == b'>' => (at + 1 + n, Some(at + 1 + n)),
            _ => match self.tag_end(at + 1)? {
                Some(gt) => (gt, None),
                None => return Ok(None),
            },
        };
        let empty = self.buf.as_bytes()[gt - 1] == b'/';
        let inner_end = if empty { gt - 1 } else { gt };
        self.set(at, at + 1, inner_end, gt + 1)?;
        self.name_end = name_end.unwrap_or_else(|| {
            let content = &self.buf.as_bytes()[at + 1..inner_end];
            let name_len = content
                .iter()
                .position(|&b| is_xml_space_byte(b))
                .unwrap_or(content.len());
            at + 1 + name_len
        });
        self.start_key = name_key(&self.buf.as_bytes()[at + 1..self.name_end]);
        if self.open.is_empty() && self.root_done {
            return Err(self.ill_formed(at, "a second root element".to_owned()));
        }
        if empty {
            if self.open.is_empty() {
                self.root_done = true;
            }
            return Ok(Some(Scanned::Token(Token::Empty)));
        }
        let key = self.start_key;
        if key == 0 {
            let name = &self.buf.as_bytes()[at + 1..self.name_end];
            self.long_at.push(self.long.len());
            self.long.extend_from_slice(name);
        }
        self.open.push(key);
        Ok(Some(Scanned::Token(Token::Start)))
    }

    /// The `k`th of the open names too long for a key.
    fn long_name(&self, k: usize) -> &[u8] {
        let end = self.long_at.get(k + 1).copied().unwrap_or(self.long.len());
        &self.long[self.long_at[k]..end]
    }

    /// The innermost open element's name.
    fn open_name(&self) -> Option<Vec<u8>> {
        match *self.open.last()? {
            0 => Some(self.long_name(self.long_at.len() - 1).to_vec()),
            key => Some(key_name(key)),
        }
    }

    /// Whether `name` is the innermost open element's name.
    fn closes(&self, name: &[u8]) -> bool {
        match self.open.last() {
            Some(0) => self.long_name(self.long_at.len() - 1) == name,
            Some(&key) => name_key(name) == key,
            None => false,
        }
    }

    /// Closes the innermost open element.
    fn pop_open(&mut self) {
        if self.open.pop() == Some(0) {
            if let Some(at) = self.long_at.pop() {
                self.long.truncate(at);
            }
        }
        if self.open.is_empty() {
            self.root_done = true;
        }
    }

    fn end_tag(&mut self, at: usize) -> Result<Option<Scanned>, Box<TokenError>> {
        // The common case, without looking for the `>`: `</` and the open element's name,
        // compared as keys.
        if let Some(&key) = self.open.last().filter(|&&key| key != 0) {
            let gt = at + 2 + key_len(key);
            let data = self.buf.as_bytes();
            if data.get(gt) == Some(&b'>') && name_key(&data[at + 2..gt]) == key {
                self.set(at, at + 2, gt, gt + 1)?;
                self.pop_open();
                return Ok(Some(Scanned::Token(Token::End)));
            }
        }
        let Some(gt) = self.tag_end(at + 2)? else {
            return Ok(None);
        };
        self.set(at, at + 2, gt, gt + 1)?;
        let content = &self.buf.as_bytes()[at + 2..gt];
        // The common case: exactly the name of the open element.
        if self.closes(content) {
            self.pop_open();
            return Ok(Some(Scanned::Token(Token::End)));
        }
        let name_len = content
            .iter()
            .rposition(|&b| !is_xml_space_byte(b))
            .map_or(0, |p| p + 1);
        let name = &content[..name_len];
        let Some(expected) = self.open_name() else {
            let found = std::str::from_utf8(name)
                .map_err(|_| self.error_at(gt + 1, TokenErrorKind::InvalidUtf8))?;
            return Err(self.ill_formed(
                gt + 1,
                format!("close tag `</{found}>` does not match any open tag"),
            ));
        };
        if !self.closes(name) {
            let found = std::str::from_utf8(name)
                .map_err(|_| self.error_at(gt + 1, TokenErrorKind::InvalidUtf8))?;
            let expected = String::from_utf8_lossy(&expected);
            return Err(self.ill_formed(
                gt + 1,
                format!("expected `</{expected}>`, but `</{found}>` was found"),
            ));
        }
        self.pop_open();
        Ok(Some(Scanned::Token(Token::End)))
    }

    fn processing_instruction(&mut self, at: usize) -> Result<Option<Scanned>, Box<TokenError>> {
        // From the `?` of `<?`: `<?>` is found, and refused below, as quick-xml did.
        let Some(n) = memmem::find(&self.buf.as_bytes()[at + 1..self.buf.len()], b"?>") else {
            let declaration = self.buf.as_bytes()[at..self.buf.len()].starts_with(b"<?xml")
                && self
                    .buf
                    .as_bytes()
                    .get(at + 5)
                    .is_none_or(|&b| is_xml_space_byte(b) || b == b'?');
            return self.unclosed(if declaration {
                "XML declaration not closed: `?>` not found before end of input"
            } else {
                "processing instruction not closed: `?>` not found before end of input"
            });
        };
        let end = at + 1 + n + 2;
        if end - at <= 3 {
            return Err(self.syntax(
                end,
                "processing instruction not closed: `?>` not found before end of input",
            ));
        }
        self.set(at, at + 2, end - 2, end)?;
        self.inner_str()?;
        Ok(Some(Scanned::Skipped))
    }

    /// `<!--`, `<![CDATA[` or `<!DOCTYPE`; anything else after `<!` is an error where quick-xml
    /// found it (after reading up to the end it looked for, or to the end of the input).
    fn bang(&mut self, at: usize) -> Result<Option<Scanned>, Box<TokenError>> {
        let Some(&kind) = self.buf.as_bytes().get(at + 2) else {
            if self.eof {
                return Err(self.syntax(at + 2, "unknown or missed symbol in markup"));
            }
            return Ok(None);
        };
        let head = &self.buf.as_bytes()[at..self.buf.len().min(at + 9)];
        match kind {
            b'-' => {
                let message = "comment not closed: `-->` not found before end of input";
                let Some(n) = memmem::find(
                    self.buf
                        .as_bytes()
                        .get(at + 4..self.buf.len())
                        .unwrap_or(&[]),
                    b"-->",
                ) else {
                    return self.unclosed(message);
                };
                let end = at + 4 + n + 3;
                if !head.starts_with(b"<!--") {
                    return Err(self.syntax(end, message));
                }
                self.set(at, at + 4, end - 3, end)?;
                self.inner_str()?;
                Ok(Some(Scanned::Skipped))
            }
            b'[' => {
                let message = "CDATA not closed: `]]>` not found before end of input";
                let Some(n) = memmem::find(&self.buf.as_bytes()[at + 2..self.buf.len()], b"]]>")
                else {
                    return self.unclosed(message);
                };
                let end = at + 2 + n + 3;
                if !head.starts_with(b"<![CDATA[") || end - 3 < at + 9 {
                    return Err(self.syntax(end, message));
                }
                self.set(at, at + 9, end - 3, end)?;
                if self.open.is_empty() {
                    return Err(self.ill_formed(at, self.outside_root_message()));
                }
                Ok(Some(Scanned::Token(Token::CData)))
            }
            b'D' | b'd' => {
                if head.len() == 9 && head[2..].eq_ignore_ascii_case(b"DOCTYPE") {
                    self.set(at, at, at, at + 9)?;
                    return Ok(Some(Scanned::Token(Token::DocType)));
                }
                let message = "DOCTYPE not closed: `>` not found before end of input";
                if head.len() < 9 && !self.eof {
                    return Ok(None);
                }
                match memchr(b'>', &self.buf.as_bytes()[at + 2..self.buf.len()]) {
                    Some(n) => Err(self.syntax(at + 2 + n + 1, message)),
                    None => self.unclosed(message),
                }
            }
            _ => Err(self.syntax(at + 2, "unknown or missed symbol in markup")),
        }
    }
}

/// Bytes looked at a word at a time before `memchr` is asked: most tags and texts end sooner,
/// and `memchr`'s set-up costs more than it saves on them.
const SHORT: usize = 64;

/// Where a tag's name read in one pass ends: at `>`, `/`, a quote or a byte up to space (which
/// takes in XML's whitespace; only a name followed directly by `>` is taken from this pass, so
/// the other control bytes only send a tag the long way). Eight bytes at a time: a byte by byte
/// loop mispredicted its exit on every tag.
#[inline]
fn name_end(data: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + 8 <= data.len().min(SHORT) {
        let w = word(&data[i..i + 8]);
        // High bit set in each byte up to 0x20: (b & 0x7F) + 0x5F reaches 0x80 exactly when
        // b & 0x7F > 0x20 and never carries into the next byte; `& !w` drops bytes >= 0x80.
        let low = (w & splat(0x7F)).wrapping_add(splat(0x7F - 0x20)) ^ splat(0x80);
        let small = low & !w & splat(0x80);
        let hits = small
            | zero_bytes(w ^ splat(b'>'))
            | zero_bytes(w ^ splat(b'/'))
            | zero_bytes(w ^ splat(b'"'))
            | zero_bytes(w ^ splat(b'\''));
        if hits != 0 {
            return Some(i + first_byte(hits));
        }
        i += 8;
    }
    data[i..]
        .iter()
        .position(|&b| b <= b' ' || matches!(b, b'>' | b'/' | b'"' | b'\''))
        .map(|n| i + n)
}

/// Where the first byte in `data` that is not XML whitespace is (indentation is a line end and
/// a few spaces). Spaces are passed eight at a time: the first byte of a word that is not a
/// space is found exactly (the lowest set bit of the word XOR spaces), and is the answer unless
/// it is a tab, CR or LF, after which the search goes on.
#[inline]
fn blank_end(data: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i + 8 <= data.len() {
        let not_space = word(&data[i..i + 8]) ^ splat(b' ');
        if not_space == 0 {
            i += 8;
            continue;
        }
        let k = i + first_byte(not_space);
        if !matches!(data[k], b'\n' | b'\t' | b'\r') {
            return Some(k);
        }
        i = k + 1;
    }
    data[i..]
        .iter()
        .position(|&b| !is_xml_space_byte(b))
        .map(|n| i + n)
}

/// Where the first of two or three `needles` in `data` is: eight bytes at a time for [`SHORT`]
/// bytes, then `memchr2`/`memchr3`.
#[inline]
fn find_any<const N: usize>(data: &[u8], needles: [u8; N]) -> Option<usize> {
    const { assert!(N == 2 || N == 3) };
    let mut i = 0;
    while i + 8 <= data.len().min(SHORT) {
        let w = word(&data[i..i + 8]);
        let hits = needles
            .iter()
            .fold(0, |hits, &n| hits | zero_bytes(w ^ splat(n)));
        if hits != 0 {
            return Some(i + first_byte(hits));
        }
        i += 8;
    }
    if data.len() <= SHORT {
        return data[i..]
            .iter()
            .position(|c| needles.contains(c))
            .map(|n| i + n);
    }
    let rest = &data[i..];
    let found = if N == 2 {
        memchr2(needles[0], needles[1], rest)
    } else {
        memchr3(needles[0], needles[1], needles[N - 1], rest)
    };
    found.map(|n| i + n)
}

const UNCLOSED_REFERENCE: &str =
    "entity or character reference not closed: `;` not found before end of input";

/// How many bytes at the end of `bytes` are the start of a UTF-8 character whose other bytes
/// are not there yet (0 to 3).
fn unfinished_char(bytes: &[u8]) -> usize {
    for back in 1..=bytes.len().min(3) {
        let b = bytes[bytes.len() - back];
        if b & 0xC0 != 0x80 {
            // The first byte of a character: how long it says the character is.
            let needed = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF7 => 4,
                _ => 1,
            };
            return if needed > back { back } else { 0 };
        }
    }
    0
}

/// `bytes` as text; bytes that are not UTF-8 become U+FFFD, and the first one's position is
/// put in `invalid_at` unless one was found before.
fn into_text(bytes: Vec<u8>, invalid_at: &mut usize) -> String {
    match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            if *invalid_at == usize::MAX {
                *invalid_at = e.utf8_error().valid_up_to();
            }
            String::from_utf8_lossy(e.as_bytes()).into_owned()
        }
    }
}

/// A token for the caller, or one skipped (comment, processing instruction, declaration).
enum Scanned {
    Token(Token),
    Skipped,
}

/// A name of 1 to 15 bytes as one number: its bytes in order, zero-padded to 15, and its length
/// in the last byte, so that two names have the same key exactly when they are the same name;
/// 0 for an empty or longer one. Found with at most four loads and no loop (element names are
/// compared and matched by key: no copy, no `memcmp`).
#[inline(always)]
pub(super) const fn name_key(name: &[u8]) -> u128 {
    let n = name.len();
    let (low, high) = match n {
        // Bytes 8.. from the load that ends with the name, shifted down past what `low` has.
        8 => (load8(name, 0), 0),
        9..=15 => (load8(name, 0), load8(name, n - 8) >> (8 * (16 - n))),
        4 => (load4(name, 0), 0),
        5..=7 => (
            load4(name, 0) | load4(name, n - 4) >> (8 * (8 - n)) << 32,
            0,
        ),
        1 => (name[0] as u64, 0),
        2 => (name[0] as u64 | (name[1] as u64) << 8, 0),
        3 => (
            name[0] as u64 | (name[1] as u64) << 8 | (name[2] as u64) << 16,
            0,
        ),
        _ => return 0,
    };
    (low as u128) | (high as u128) << 64 | (n as u128) << 120
}

/// The length of the name a non-zero [`name_key`] stands for.
pub(super) fn key_len(key: u128) -> usize {
    (key >> 120) as usize
}

/// The name a non-zero [`name_key`] stands for.
fn key_name(key: u128) -> Vec<u8> {
    key.to_le_bytes()[..key_len(key)].to_vec()
}

/// Eight bytes of `bytes` from `at`, little-endian.
#[inline(always)]
const fn load8(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes([
        bytes[at],
        bytes[at + 1],
        bytes[at + 2],
        bytes[at + 3],
        bytes[at + 4],
        bytes[at + 5],
        bytes[at + 6],
        bytes[at + 7],
    ])
}

/// Four bytes of `bytes` from `at`, little-endian.
#[inline(always)]
const fn load4(bytes: &[u8], at: usize) -> u64 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as u64
}

/// Line ends in `bytes`, 255 bytes at a time: a count that fits a byte lets the compiler compare
/// and add many bytes per instruction (eight at a time in a word was three times as many
/// instructions).
pub(super) fn count_newlines(bytes: &[u8]) -> u64 {
    // Byte counters that cannot overflow (at most 255 per chunk) let the compiler count 16 or
    // 32 bytes at a time; chunk sizes that are multiples of both leave no byte-wise tail inside
    // a chunk, and most calls (the few lines between two dates) are short enough to be only
    // 16-byte pieces and a tail.
    let newlines = |chunk: &[u8]| {
        let n = chunk
            .iter()
            .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n')));
        u64::from(n)
    };
    let mut chunks = bytes.chunks_exact(224);
    let mut total: u64 = (&mut chunks).map(newlines).sum();
    let mut pieces = chunks.remainder().chunks_exact(16);
    total += (&mut pieces).map(newlines).sum::<u64>();
    total + pieces.remainder().iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every token of `input` read `block` bytes at a time, with its lines, as text; an error
    /// ends the list.
    fn dump(input: &[u8], block: usize) -> Vec<String> {
        let mut tokens = Tokens::with_block(input, block, 1 << 20);
        let mut out = Vec::new();
        loop {
            let token = match tokens.next() {
                Ok(token) => token,
                Err(e) => {
                    out.push(format!("error {:?} at {}", e.kind, e.line));
                    return out;
                }
            };
            let what = match token {
                Token::Start | Token::Empty => match tokens.start_tag() {
                    Ok(tag) => format!(
                        "{token:?} {} {:?}",
                        tag.name,
                        tag.attributes().collect::<Vec<_>>()
                    ),
                    Err(e) => format!("error {:?} at {}", e.kind, e.line),
                },
                Token::Text | Token::CData | Token::Reference => match tokens.text() {
                    Ok(text) => {
                        if token != Token::Reference {
                            assert_eq!(tokens.text_has_cr(), text.contains('\r'), "{text:?}");
                        }
                        format!("{token:?} {text:?}")
                    }
                    Err(e) => format!("error {:?} at {}", e.kind, e.line),
                },
                other => format!("{other:?}"),
            };
            out.push(format!(
                "{what} lines {}-{}",
                tokens.start_line(),
                tokens.end_line()
            ));
            if token == Token::Eof {
                return out;
            }
        }
    }

    fn last(input: &str) -> String {
        dump(input.as_bytes(), BLOCK).pop().unwrap()
    }

    #[test]
    fn reads_the_markup_camt_files_use() {
        let doc =
            "\u{feff}<?xml version=\"1.0\"?>\r\n<!-- c -->\n<ns2:D xmlns:ns2='u' a = \"x>y\">\
                   <A Ccy=\"EUR\">1&amp;2&#233;&#xE9;<![CDATA[<&>]]></A><E/><E b='1' /></ns2:D>\n";
        assert_eq!(
            dump(doc.as_bytes(), BLOCK),
            [
                "Text \"\\r\\n\" lines 1-2",
                "Text \"\\n\" lines 2-3",
                "Start ns2:D [Ok((\"xmlns:ns2\", \"u\")), Ok((\"a\", \"x>y\"))] lines 3-3",
                "Start A [Ok((\"Ccy\", \"EUR\"))] lines 3-3",
                "Text \"1\" lines 3-3",
                "Reference \"amp\" lines 3-3",
                "Text \"2\" lines 3-3",
                "Reference \"#233\" lines 3-3",
                "Reference \"#xE9\" lines 3-3",
                "CData \"<&>\" lines 3-3",
                "End lines 3-3",
                "Empty E [] lines 3-3",
                "Empty E [Ok((\"b\", \"1\"))] lines 3-3",
                "End lines 3-3",
                "Text \"\\n\" lines 3-4",
                "Eof lines 4-4",
            ]
        );
    }

    #[test]
    fn refuses_what_is_not_well_formed_naming_the_line() {
        let cases = [
            (
                "<a>\n<b>\n</c>",
                "ill-formed document: expected `</b>`, but `</c>` was found\") at 3",
            ),
            (
                "<a></a>\n</a>",
                "close tag `</a>` does not match any open tag\") at 2",
            ),
            (
                "<abcdefghijklmno>\n</abcdefghijklmnp>",
                "expected `</abcdefghijklmno>`, but `</abcdefghijklmnp>` was found\") at 2",
            ),
            (
                "<a><a_name_longer_than_a_key>\n</a_name_longer_than_a_kex>",
                "expected `</a_name_longer_than_a_key>`, but `</a_name_longer_than_a_kex>` was found\") at 2",
            ),
            (
                "<a_name_longer_than_a_key><b></b></a_name_longer_than_a_key>\n</c>",
                "close tag `</c>` does not match any open tag\") at 2",
            ),
            ("<a></a>\nx", "text after the root element\") at 2"),
            ("x<a></a>", "text before the root element\") at 1"),
            ("<a></a><b/>", "a second root element\") at 1"),
            ("<a>\n&amp</a>", "`;` not found before end of input\") at 2"),
            (
                "<a>\n<b",
                "tag not closed: `>` not found before end of input\") at 2",
            ),
            (
                "<a b='\n",
                "attribute value not closed: `'` not found before end of input\") at 2",
            ),
            (
                "<a><!-- \n",
                "comment not closed: `-->` not found before end of input\") at 2",
            ),
            (
                "<a><![CDATA[\n",
                "CDATA not closed: `]]>` not found before end of input\") at 2",
            ),
            (
                "<?xml version='1.0'",
                "XML declaration not closed: `?>` not found before end of input\") at 1",
            ),
            (
                "<?>",
                "processing instruction not closed: `?>` not found before end of input\") at 1",
            ),
            ("<a><!x></a>", "unknown or missed symbol in markup\") at 1"),
        ];
        for (input, expected) in cases {
            let got = last(input);
            assert!(got.ends_with(expected), "{input:?}: {got}");
            for block in 1..8 {
                assert_eq!(
                    dump(input.as_bytes(), block).pop().unwrap(),
                    got,
                    "{input:?} {block}"
                );
            }
        }
        let doctype = dump(b"\n<!DOCTYPE d [<!ENTITY a 'b'>]><d/>", 4);
        assert_eq!(doctype[1], "DocType lines 2-2");
        assert_eq!(last("<a>\n\n<b>x\u{e9}</b></a>").as_str(), "Eof lines 3-3");
        let mut bad = b"<a>\n\n<b>x".to_vec();
        bad.extend(b"\xE9</b></a>");
        assert_eq!(dump(&bad, 3)[3], "error InvalidUtf8 at 3");
    }

    #[test]
    fn a_token_longer_than_the_limit_is_refused_at_its_first_line() {
        for (open, fill) in [("<a>\n", b'A'), ("<a>\n<!--", b'-'), ("<a>\n<b c=\"", b'x')] {
            let mut input = open.as_bytes().to_vec();
            input.extend(std::iter::repeat_n(fill, 5000));
            let mut tokens = Tokens::with_block(&input[..], 64, 1000);
            let error = loop {
                match tokens.next() {
                    Ok(Token::Eof) => panic!("{open}: read to the end"),
                    Ok(_) => {}
                    Err(e) => break e,
                }
            };
            assert!(
                matches!(error.kind, TokenErrorKind::TooLong),
                "{open}: {error:?}"
            );
            assert_eq!(
                error.line,
                if open.ends_with('\n') { 1 } else { 2 },
                "{open}"
            );
            assert!(
                tokens.buf.capacity() < 1000 + 4 * 64,
                "{open}: buffer of {}",
                tokens.buf.capacity()
            );
        }
    }

    #[test]
    fn references_resolve_as_quick_xml_resolved_them() {
        assert_eq!(resolve_reference("amp"), Some('&'));
        assert_eq!(resolve_reference("apos"), Some('\''));
        assert_eq!(resolve_reference("#233"), Some('é'));
        assert_eq!(resolve_reference("#xe9"), Some('é'));
        for bad in [
            "#0", "#x0", "#xD800", "#x110000", "#+1", "#-1", "#", "#x", "lol", "AMP", "#1a",
        ] {
            assert_eq!(resolve_reference(bad), None, "{bad}");
        }
        assert_eq!(
            attribute_value("a&amp;b\r\nc\td").as_deref(),
            Some("a&b c d")
        );
        assert_eq!(attribute_value("a&x;"), None);
        assert_eq!(normalise_line_ends("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    /// Text that needs escaping, and how it is written: plain, as entities, as character
    /// references or in CDATA.
    fn piece() -> impl Strategy<Value = (String, String)> {
        let text = "[a-zA-Z0-9 äé€\\n\\t<>&\"']{0,12}";
        prop_oneof![
            text.prop_map(|t| {
                let written = t
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                (t, written)
            }),
            text.prop_map(|t| {
                let written = t.chars().map(|c| format!("&#{};", c as u32)).collect();
                (t, written)
            }),
            text.prop_map(|t| {
                let written = t.chars().map(|c| format!("&#x{:X};", c as u32)).collect();
                (t, written)
            }),
            text.prop_map(|t| (t.clone(), format!("<![CDATA[{t}]]>"))),
            "[a-z -]{0,8}".prop_map(|c| (String::new(), format!("<!--{}-->", c.replace("--", "")))),
        ]
    }

    /// A document `<r>` of elements holding pieces; the text each element should read as.
    fn document() -> impl Strategy<Value = (String, Vec<String>)> {
        prop::collection::vec(prop::collection::vec(piece(), 0..5), 0..6).prop_map(|elements| {
            let mut doc = String::from("<?xml version=\"1.0\"?>\n<r>\n");
            let mut texts = Vec::new();
            for (k, pieces) in elements.iter().enumerate() {
                doc.push_str(&format!("  <e{k} n=\"{k}\">"));
                let mut text = String::new();
                for (plain, written) in pieces {
                    text.push_str(plain);
                    doc.push_str(written);
                }
                doc.push_str(&format!("</e{k}>\r\n"));
                texts.push(text);
            }
            doc.push_str("</r>\n");
            (doc, texts)
        })
    }

    /// The text of each element below the root, references resolved.
    fn texts(doc: &str, block: usize) -> Vec<String> {
        let mut tokens = Tokens::with_block(doc.as_bytes(), block, 1 << 20);
        let mut out = Vec::new();
        let mut depth = 0;
        loop {
            match tokens.next().unwrap() {
                Token::Start => {
                    depth += 1;
                    if depth == 2 {
                        out.push(String::new());
                    }
                }
                Token::End => depth -= 1,
                Token::Text | Token::CData if depth == 2 => {
                    out.last_mut().unwrap().push_str(tokens.text().unwrap());
                }
                Token::Reference => {
                    let c = resolve_reference(tokens.reference().unwrap()).unwrap();
                    out.last_mut().unwrap().push(c);
                }
                Token::Eof => return out,
                _ => {}
            }
        }
    }

    #[test]
    fn open_path_names_long_and_short_names_without_prefixes() {
        let input =
            b"<n:Document><a_name_longer_than_a_key><x:Ntry><b_name_longer_than_a_key><Amt>1";
        let mut tokens = Tokens::with_block(&input[..], 7, 1 << 20);
        while tokens.next().unwrap() != Token::Text {}
        assert_eq!(
            tokens.open_path(),
            "Document/a_name_longer_than_a_key/Ntry/b_name_longer_than_a_key/Amt"
        );
    }

    proptest! {
        /// Keys are equal exactly when names are, and give the name back.
        #[test]
        fn a_name_key_is_the_name(
            a in prop::collection::vec(prop::sample::select(b"ab\x00\xff".to_vec()), 0..18),
            b in prop::collection::vec(prop::sample::select(b"ab\x00\xff".to_vec()), 0..18),
        ) {
            let (ka, kb) = (name_key(&a), name_key(&b));
            prop_assert_eq!(ka == 0, a.is_empty() || a.len() > 15);
            if ka != 0 {
                prop_assert_eq!(key_name(ka), a.clone());
                prop_assert_eq!(key_len(ka), a.len());
                if kb != 0 {
                    prop_assert_eq!(ka == kb, a == b);
                }
            }
        }

        /// The local name's key, taken from the whole name's when there is no prefix.
        #[test]
        fn a_local_key_is_the_local_names_key(name in "([a-z]{1,5}:)?[A-Za-z:]{1,20}") {
            let tag = StartTag { name: &name, attributes: "", key: name_key(name.as_bytes()) };
            prop_assert_eq!(tag.local_key(), name_key(tag.local_name().as_bytes()));
        }

        /// Nested elements with names of every length close, however the input is split.
        #[test]
        fn names_of_any_length_open_and_close(
            names in prop::collection::vec("[a-z][a-z:_]{0,20}", 1..6),
            block in 1usize..9,
        ) {
            let mut input = String::new();
            for name in &names {
                input.push_str(&format!("<{name}>"));
            }
            for name in names.iter().rev() {
                input.push_str(&format!("</{name}>"));
            }
            let mut tokens = Tokens::with_block(input.as_bytes(), block, 1 << 20);
            let mut ends = 0;
            loop {
                match tokens.next() {
                    Ok(Token::End) => ends += 1,
                    Ok(Token::Eof) => break,
                    Ok(_) => {}
                    Err(e) => return Err(TestCaseError::fail(format!("{input}: {e:?}"))),
                }
            }
            prop_assert_eq!(ends, names.len());
        }

        #[test]
        fn a_name_ends_where_a_loop_would_end_it(
            data in prop::collection::vec(prop::sample::select(b"ab:>/\"' \t\r\n\x00\x1f\x20\x21\x7f\x80\xa0\xff".to_vec()), 0..40),
        ) {
            let naive = data
                .iter()
                .position(|&b| b <= b' ' || matches!(b, b'>' | b'/' | b'"' | b'\''));
            prop_assert_eq!(name_end(&data), naive);
        }

        #[test]
        fn a_borrowed_attribute_is_the_attribute(
            attributes in "( ?(Ccy|C|x)? ?=? ?[\"']?[A-Z &;\t\r\n\"'#x]{0,5}[\"']?){0,3}",
        ) {
            let tag = StartTag { name: "Amt", attributes: &attributes, key: name_key(b"Amt") };
            prop_assert_eq!(
                tag.attribute_borrowed("Ccy").map(|v| v.into_owned()),
                tag.attribute("Ccy")
            );
        }

        #[test]
        fn blank_ends_where_a_loop_would_end_it(
            data in prop::collection::vec(prop::sample::select(b" \t\r\n\x0b\x0c\x00\x21\x2a\x8a\xa0<a".to_vec()), 0..40),
        ) {
            prop_assert_eq!(blank_end(&data), data.iter().position(|&b| !is_xml_space_byte(b)));
        }

        #[test]
        fn word_at_a_time_search_finds_the_first_match(
            data in prop::collection::vec(prop::sample::select(b"<>&'\"ab\x80\xff\x3c\x3e".to_vec()), 0..150),
        ) {
            let naive2 = data.iter().position(|&c| c == b'<' || c == b'&');
            prop_assert_eq!(find_any(&data, [b'<', b'&']), naive2);
            let naive3 = data.iter().position(|&c| c == b'>' || c == b'"' || c == b'\'');
            prop_assert_eq!(find_any(&data, [b'>', b'"', b'\'']), naive3);
        }

        #[test]
        fn text_with_entities_cdata_and_comments_round_trips((doc, expected) in document()) {
            prop_assert_eq!(texts(&doc, BLOCK), expected);
        }

        #[test]
        fn any_block_size_gives_the_same_tokens_and_lines(
            (doc, _) in document(),
            block in 1usize..8,
            cut in any::<prop::sample::Index>(),
            junk in "[<>&;!?/\\[\\]\\-a \\n]{0,4}",
        ) {
            prop_assert_eq!(dump(doc.as_bytes(), block), dump(doc.as_bytes(), BLOCK));
            // Broken documents too: cut somewhere and junk put in.
            let mut broken = doc.into_bytes();
            let at = cut.index(broken.len() + 1);
            broken.splice(at..at, junk.bytes());
            prop_assert_eq!(dump(&broken, block), dump(&broken, BLOCK));
            broken.truncate(at);
            prop_assert_eq!(dump(&broken, block), dump(&broken, BLOCK));
        }
    }
}
