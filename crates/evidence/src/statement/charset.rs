//! Character sets of statement files: MT940 lines in UTF-8 or a legacy 8-bit code page, and
//! the encoding an XML declaration names.

use std::borrow::Cow;
use std::io::{self, BufRead, Read};

use encoding_rs::{DecoderResult, Encoding};

/// Decodes one text line: UTF-8 when it is valid UTF-8, else Windows-1252 (a superset of
/// ISO-8859-1, what most European banks' MT940 exports use). The flag says whether the
/// fallback was needed, so the caller can report it.
pub(super) fn decode_line(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), false),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text, true)
        }
    }
}

/// What the start of an XML file says about its encoding.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum XmlEncoding {
    /// UTF-8, stated or by default.
    Utf8,
    /// An ASCII-compatible legacy encoding named in the declaration.
    Legacy(&'static Encoding),
    /// UTF-16 (by byte order mark) or an encoding name nobody knows.
    Unsupported(String),
}

/// Reads the byte order mark and the `encoding="..."` of the XML declaration, if any.
pub(super) fn xml_encoding(head: &[u8]) -> XmlEncoding {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return XmlEncoding::Unsupported("UTF-16".to_owned());
    }
    let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(head);
    if !head.starts_with(b"<?xml") {
        return XmlEncoding::Utf8;
    }
    let decl_end = head.iter().position(|&b| b == b'>').unwrap_or(head.len());
    let decl = &head[..decl_end];
    let Some(at) = find(decl, b"encoding") else {
        return XmlEncoding::Utf8;
    };
    let rest = &decl[at + b"encoding".len()..];
    let rest = trim_ascii_start(rest);
    let Some(rest) = rest.strip_prefix(b"=") else {
        return XmlEncoding::Utf8;
    };
    let rest = trim_ascii_start(rest);
    let Some((&quote, rest)) = rest.split_first() else {
        return XmlEncoding::Utf8;
    };
    if quote != b'"' && quote != b'\'' {
        return XmlEncoding::Utf8;
    }
    let label = &rest[..rest.iter().position(|&b| b == quote).unwrap_or(rest.len())];
    match Encoding::for_label(label) {
        Some(enc) if enc == encoding_rs::UTF_8 => XmlEncoding::Utf8,
        Some(enc) if enc.is_ascii_compatible() => XmlEncoding::Legacy(enc),
        _ => XmlEncoding::Unsupported(String::from_utf8_lossy(label).into_owned()),
    }
}

/// Transcodes a byte stream in a legacy encoding to UTF-8 as it is read, a chunk at a time.
pub(super) struct Transcoder<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    out: Box<[u8]>,
    pos: usize,
    len: usize,
    done: bool,
}

impl<R: BufRead> Transcoder<R> {
    /// Wraps `inner`, whose bytes are in `encoding`.
    pub(super) fn new(inner: R, encoding: &'static Encoding) -> Self {
        Transcoder {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            // Large enough that every decode call makes progress (3 output bytes per input byte).
            out: vec![0; 16 * 1024].into_boxed_slice(),
            pos: 0,
            len: 0,
            done: false,
        }
    }
}

impl<R: BufRead> BufRead for Transcoder<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        while self.pos == self.len && !self.done {
            let input = self.inner.fill_buf()?;
            let last = input.is_empty();
            let (result, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(input, &mut self.out, last);
            self.inner.consume(read);
            self.pos = 0;
            self.len = written;
            match result {
                DecoderResult::Malformed(_, _) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("bytes that are not {}", self.decoder.encoding().name()),
                    ))
                }
                DecoderResult::InputEmpty => self.done = last,
                DecoderResult::OutputFull => {}
            }
        }
        Ok(&self.out[self.pos..self.len])
    }

    fn consume(&mut self, amount: usize) {
        self.pos = (self.pos + amount).min(self.len);
    }
}

impl<R: BufRead> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_fall_back_to_windows_1252_and_say_so() {
        assert_eq!(
            decode_line(b"Empf\xc3\xa4nger"),
            (Cow::Borrowed("Empfänger"), false)
        );
        let (text, fallback) = decode_line(b"Empf\xe4nger \x80");
        assert_eq!(text, "Empfänger €");
        assert!(fallback);
    }

    #[test]
    fn reads_the_declared_xml_encoding() {
        assert_eq!(
            xml_encoding(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"),
            XmlEncoding::Utf8
        );
        assert_eq!(xml_encoding(b"<a/>"), XmlEncoding::Utf8);
        assert_eq!(
            xml_encoding(b"\xef\xbb\xbf<?xml version='1.0'?>"),
            XmlEncoding::Utf8
        );
        assert_eq!(
            xml_encoding(b"<?xml version='1.0' encoding = 'ISO-8859-1' ?>"),
            XmlEncoding::Legacy(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            xml_encoding(b"\xff\xfe<\0"),
            XmlEncoding::Unsupported("UTF-16".into())
        );
        assert_eq!(
            xml_encoding(b"<?xml version='1.0' encoding='klingon'?>"),
            XmlEncoding::Unsupported("klingon".into())
        );
    }
}
