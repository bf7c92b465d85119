//! The National Bank of Kazakhstan's official rates XML, read as a stream (quick-xml, no DOM).
//!
//! Two shapes are accepted, and any number of documents one after another (a user may `cat` a
//! month of daily files into one):
//!
//! - `get_rates.cfm?fdate=DD.MM.YYYY`: `<rates>` with `<date>DD.MM.YYYY</date>` and one `<item>`
//!   per currency holding `<title>` (ISO code), `<description>` (KZT for `<quant>` units) and
//!   `<quant>` (1, 10, 100, ...); `<fullname>`, `<index>`, `<change>` are not needed.
//! - `rates_all.xml`: `<rss><channel>` whose `<item>`s carry the same fields and their own
//!   `<pubDate>DD.MM.YYYY</pubDate>`.
//!
//! The value kept is KZT per 1 unit, `description / quant`, exact (quant is a power of ten). The
//! date is the day the rate is in force. Hostile input: a DOCTYPE is refused before anything in
//! it is read, so entity declarations (billion laughs, external entities) never take effect; an
//! entity other than XML's five is refused; nesting deeper than [`MAX_DEPTH`] is refused.

use neonomad_core::{CurrencyCode, Decimal, NaiveDate};
use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;

use crate::ecb_csv::{parse_rate, ColumnRef, ParsedColumn, RatesFileError, RatesFileProblem};

/// Deepest element nesting accepted; NBK rates need 4 (`<rss><channel><item><title>`).
pub const MAX_DEPTH: usize = 16;

/// Largest power of ten accepted as `<quant>` (10^6 units).
const MAX_QUANT_EXPONENT: u32 = 6;

/// Most decimal places of a value in KZT per unit, as in the ECB shape (keeps cross rates exact).
const MAX_UNIT_DECIMALS: u32 = 10;

/// Longest text kept of one element we read; longer text cannot be a code, number or date.
const MAX_FIELD_TEXT: usize = 256;

/// Parses NBK rates XML into one column per currency (KZT per unit), each sorted by date.
pub(crate) fn parse(text: &str, origin: &str) -> Result<Vec<ParsedColumn>, RatesFileError> {
    let mut parser = Parser {
        text,
        origin,
        path: Vec::new(),
        document: None,
        item: None,
        field: None,
        entries: Vec::new(),
    };
    let mut reader = Reader::from_str(text);
    loop {
        let start = position(&reader);
        let event = reader.read_event().map_err(|e| {
            let at = usize::try_from(reader.error_position()).unwrap_or(text.len());
            parser.fail(
                at,
                None,
                RatesFileProblem::Xml {
                    message: e.to_string(),
                },
            )
        })?;
        match event {
            Event::Start(e) => parser.start(e.local_name().as_ref(), start)?,
            Event::Empty(e) => {
                parser.start(e.local_name().as_ref(), start)?;
                parser.end(start)?;
            }
            Event::End(_) => parser.end(start)?,
            Event::Text(t) => parser.text(&t.xml10_content(), start)?,
            Event::CData(t) => parser.text(&t.xml10_content(), start)?,
            Event::GeneralRef(r) => parser.reference(&r, start)?,
            Event::DocType(_) => return Err(parser.fail(start, None, RatesFileProblem::DocType)),
            Event::Eof => return parser.finish(start),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
}

/// Byte offset of the next event in the text.
fn position(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// An open element, as far as NBK rates care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Element {
    /// `<rates>`, a daily document.
    Rates,
    /// `<rss>`, the feed.
    Rss,
    /// `<channel>` inside `<rss>`.
    Channel,
    /// `<item>`, one currency.
    Item,
    /// An element whose text is read.
    Field(Field),
    /// Anything else; its content is ignored.
    Other,
}

/// The elements whose text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    /// `<date>` of a `<rates>` document.
    DocumentDate,
    /// `<title>` of an item: the currency code.
    Title,
    /// `<description>` of an item: KZT for `quant` units.
    Description,
    /// `<quant>` of an item.
    Quant,
    /// `<pubDate>` of an item.
    PubDate,
}

impl Field {
    fn tag(self) -> &'static str {
        match self {
            Field::DocumentDate => "date",
            Field::Title => "title",
            Field::Description => "description",
            Field::Quant => "quant",
            Field::PubDate => "pubDate",
        }
    }
}

/// A `<rates>` or `<rss>` document being read.
#[derive(Default)]
struct Document {
    /// `<date>` and its offset.
    date: Option<(NaiveDate, usize)>,
    /// Items read so far: their own date, if any, is already in the entry.
    items: Vec<(Entry, Option<NaiveDate>)>,
}

/// An `<item>` being read: each field's text and the offset of its start tag.
#[derive(Default)]
struct RawItem {
    start: usize,
    title: Option<(String, usize)>,
    description: Option<(String, usize)>,
    quant: Option<(String, usize)>,
    pub_date: Option<(NaiveDate, usize)>,
}

/// One currency's rate on one day, with where it was read.
#[derive(Clone, Copy, Debug)]
struct Entry {
    currency: CurrencyCode,
    /// Filled in from the document at its end when the item has no `<pubDate>`.
    date: NaiveDate,
    /// KZT per 1 unit.
    value: Decimal,
    /// Offset of the item's start tag.
    offset: usize,
}

struct Parser<'t> {
    text: &'t str,
    origin: &'t str,
    path: Vec<Element>,
    document: Option<Document>,
    item: Option<RawItem>,
    /// The field being read, its start offset and its text so far.
    field: Option<(Field, usize, String)>,
    entries: Vec<Entry>,
}

impl Parser<'_> {
    fn start(&mut self, name: &str, at: usize) -> Result<(), RatesFileError> {
        if self.path.len() >= MAX_DEPTH {
            return Err(self.fail(at, None, RatesFileProblem::TooDeep { max: MAX_DEPTH }));
        }
        let parent = self.path.last().copied();
        let element = match (parent, name) {
            (None, "rates") => Element::Rates,
            (None, "rss") => Element::Rss,
            (None, other) => {
                let found = other.to_owned();
                return Err(self.fail(at, None, RatesFileProblem::NotNbkRates { found }));
            }
            (Some(Element::Rss), "channel") => Element::Channel,
            (Some(Element::Rates | Element::Channel), "item") => Element::Item,
            (Some(Element::Rates), "date") => Element::Field(Field::DocumentDate),
            (Some(Element::Item), "title") => Element::Field(Field::Title),
            (Some(Element::Item), "description") => Element::Field(Field::Description),
            (Some(Element::Item), "quant") => Element::Field(Field::Quant),
            (Some(Element::Item), "pubDate") => Element::Field(Field::PubDate),
            _ => Element::Other,
        };
        match element {
            Element::Rates | Element::Rss => self.document = Some(Document::default()),
            Element::Item => {
                self.item = Some(RawItem {
                    start: at,
                    ..RawItem::default()
                });
            }
            Element::Field(field) => self.field = Some((field, at, String::new())),
            Element::Channel | Element::Other => {}
        }
        self.path.push(element);
        Ok(())
    }

    fn text(&mut self, text: &str, at: usize) -> Result<(), RatesFileError> {
        if let Some((_, _, buffer)) = &mut self.field {
            if buffer.len() + text.len() <= MAX_FIELD_TEXT {
                buffer.push_str(text);
            } else {
                // Keep a recognisable start for the error message; the value is refused anyway.
                // Cut on a character boundary: the text may hold multi-byte characters.
                let keep = floor_char_boundary(buffer, MAX_FIELD_TEXT - '\u{2026}'.len_utf8());
                buffer.truncate(keep);
                if !buffer.ends_with('\u{2026}') {
                    buffer.push('\u{2026}');
                }
            }
            return Ok(());
        }
        let stray = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if self.path.is_empty() && !stray.is_empty() {
            let found: String = stray.chars().take(40).collect();
            return Err(self.fail(at, None, RatesFileProblem::StrayText { found }));
        }
        Ok(())
    }

    fn reference(&mut self, r: &BytesRef<'_>, at: usize) -> Result<(), RatesFileError> {
        let resolved = match r.resolve_char_ref() {
            Ok(Some(c)) => Some(c),
            Ok(None) => match r.as_ref() {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => None,
            },
            Err(_) => None,
        };
        match resolved {
            Some(c) => self.text(c.encode_utf8(&mut [0; 4]), at),
            None => {
                let name = r.as_ref().to_owned();
                Err(self.fail(at, None, RatesFileProblem::UnknownEntity { name }))
            }
        }
    }

    fn end(&mut self, at: usize) -> Result<(), RatesFileError> {
        match self.path.pop() {
            Some(Element::Field(field)) => self.end_field(field),
            Some(Element::Item) => self.end_item(),
            Some(Element::Rates | Element::Rss) => self.end_document(),
            Some(Element::Channel | Element::Other) => Ok(()),
            // quick-xml refuses an end tag that closes nothing before we see it.
            None => Err(self.fail(
                at,
                None,
                RatesFileProblem::Xml {
                    message: "an end tag closes no element".to_owned(),
                },
            )),
        }
    }

    fn end_field(&mut self, field: Field) -> Result<(), RatesFileError> {
        let Some((_, start, text)) = self.field.take() else {
            return Ok(());
        };
        let value = text.trim().to_owned();
        match field {
            Field::DocumentDate => {
                let date = self.date(&value, start, field)?;
                if let Some(document) = &mut self.document {
                    if let Some((first, first_at)) = document.date.filter(|(d, _)| *d != date) {
                        let message = format!(
                            "a second <date> {value} in one <rates> document (the first, at line {}, \
                             says {first}); expected one date per document",
                            self.line_of(first_at)
                        );
                        return Err(self.fail(
                            start,
                            Some(field),
                            RatesFileProblem::Xml { message },
                        ));
                    }
                    document.date = Some((date, start));
                }
            }
            Field::PubDate => {
                let date = self.date(&value, start, field)?;
                if let Some(item) = &mut self.item {
                    item.pub_date = Some((date, start));
                }
            }
            Field::Title | Field::Description | Field::Quant => {
                if let Some(item) = &mut self.item {
                    let slot = match field {
                        Field::Title => &mut item.title,
                        Field::Description => &mut item.description,
                        _ => &mut item.quant,
                    };
                    *slot = Some((value, start));
                }
            }
        }
        Ok(())
    }

    fn end_item(&mut self) -> Result<(), RatesFileError> {
        let Some(item) = self.item.take() else {
            return Ok(());
        };
        let missing = |field: Field| RatesFileProblem::MissingField { field: field.tag() };
        let Some((title, title_at)) = item.title else {
            return Err(self.fail(item.start, None, missing(Field::Title)));
        };
        let Some((description, description_at)) = item.description else {
            return Err(self.fail(item.start, None, missing(Field::Description)));
        };
        let Some((quant, quant_at)) = item.quant else {
            return Err(self.fail(item.start, None, missing(Field::Quant)));
        };
        let currency = CurrencyCode::parse(&title).map_err(|_| {
            let problem = RatesFileProblem::BadTitle {
                found: title.clone(),
            };
            self.fail(title_at, Some(Field::Title), problem)
        })?;
        if currency == CurrencyCode::KZT {
            return Err(self.fail(title_at, Some(Field::Title), RatesFileProblem::KztItem));
        }
        let amount = parse_rate(&description).ok_or_else(|| {
            let problem = RatesFileProblem::BadDescription {
                found: description.clone(),
            };
            self.fail(description_at, Some(Field::Description), problem)
        })?;
        let (units, exponent) = parse_quant(&quant)
            .map_err(|problem| self.fail(quant_at, Some(Field::Quant), problem))?;
        // description / 10^k is exact: the same digits, k more decimal places.
        let scale = amount.scale() + exponent;
        let value = (scale <= MAX_UNIT_DECIMALS)
            .then(|| Decimal::try_from_i128_with_scale(amount.mantissa(), scale).ok())
            .flatten()
            .ok_or_else(|| {
                let problem = RatesFileProblem::TooPrecise {
                    description: amount,
                    quant: units,
                };
                self.fail(description_at, Some(Field::Description), problem)
            })?;
        let own_date = item.pub_date.map(|(d, _)| d);
        let entry = Entry {
            currency,
            date: own_date.unwrap_or(NaiveDate::MIN),
            value,
            offset: item.start,
        };
        if let Some(document) = &mut self.document {
            document.items.push((entry, own_date));
        }
        Ok(())
    }

    fn end_document(&mut self) -> Result<(), RatesFileError> {
        let Some(document) = self.document.take() else {
            return Ok(());
        };
        for (mut entry, own_date) in document.items {
            let Some(date) = own_date.or(document.date.map(|(d, _)| d)) else {
                return Err(self.fail(entry.offset, None, RatesFileProblem::MissingDate));
            };
            entry.date = date;
            self.entries.push(entry);
        }
        Ok(())
    }

    fn finish(mut self, at: usize) -> Result<Vec<ParsedColumn>, RatesFileError> {
        if let Some(open) = self.path.last() {
            let message = format!(
                "the text ends inside {}; expected its end tag",
                match open {
                    Element::Rates => "<rates>",
                    Element::Rss => "<rss>",
                    Element::Channel => "<channel>",
                    Element::Item => "<item>",
                    Element::Field(f) => f.tag(),
                    Element::Other => "an element",
                }
            );
            return Err(self.fail(at, None, RatesFileProblem::Xml { message }));
        }
        if self.entries.is_empty() {
            return Err(self.fail(at, None, RatesFileProblem::NoNbkRates));
        }
        // Stable: entries of one currency and day stay in file order, the first one first.
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by_key(|e| (e.currency, e.date));
        let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
        for entry in entries {
            match kept.last() {
                Some(first) if (first.currency, first.date) == (entry.currency, entry.date) => {
                    if first.value != entry.value {
                        let problem = RatesFileProblem::ConflictingRate {
                            currency: entry.currency,
                            date: entry.date,
                            first: first.value,
                            first_line: self.line_of(first.offset),
                            found: entry.value,
                        };
                        return Err(self.fail(entry.offset, None, problem));
                    }
                }
                _ => kept.push(entry),
            }
        }
        let usd_days: Vec<NaiveDate> = kept
            .iter()
            .filter(|e| e.currency == CurrencyCode::USD)
            .map(|e| e.date)
            .collect();
        // Report the day without USD whose first item comes first in the file.
        if let Some(orphan) = kept
            .iter()
            .filter(|e| usd_days.binary_search(&e.date).is_err())
            .min_by_key(|e| e.offset)
        {
            let problem = RatesFileProblem::NoUsd { date: orphan.date };
            return Err(self.fail(orphan.offset, None, problem));
        }
        let mut columns: Vec<ParsedColumn> = Vec::new();
        for entry in kept {
            match columns.last_mut() {
                Some((currency, values)) if *currency == entry.currency => {
                    values.push((entry.date, entry.value));
                }
                _ => columns.push((entry.currency, vec![(entry.date, entry.value)])),
            }
        }
        Ok(columns)
    }

    fn date(&self, value: &str, at: usize, field: Field) -> Result<NaiveDate, RatesFileError> {
        parse_nbk_date(value).ok_or_else(|| {
            let found: String = value.chars().take(40).collect();
            self.fail(at, Some(field), RatesFileProblem::BadNbkDate { found })
        })
    }

    /// 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        let end = floor_char_boundary(self.text, offset);
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    /// An error at a byte offset, naming its line, its column and the element when known.
    fn fail(
        &self,
        offset: usize,
        field: Option<Field>,
        problem: RatesFileProblem,
    ) -> RatesFileError {
        let offset = floor_char_boundary(self.text, offset);
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..offset].chars().count() + 1;
        let name = match field {
            Some(f) => format!("<{}>", f.tag()),
            None => "XML".to_owned(),
        };
        RatesFileError {
            origin: self.origin.to_owned(),
            line: self.line_of(offset),
            column: Some(ColumnRef {
                number: column,
                name,
            }),
            problem,
        }
    }
}

/// The largest char boundary at or before `offset`, within the text.
fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `DD.MM.YYYY`, exactly two, two and four digits, a real calendar day.
fn parse_nbk_date(value: &str) -> Option<NaiveDate> {
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range.clone())?.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[2] != b'.' || b[5] != b'.' {
        return None;
    }
    let year = i32::try_from(digits(6..10)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(3..5)?, digits(0..2)?)
}

/// `<quant>`: a power of ten from 1 to 10^6, written plainly; (units, exponent).
fn parse_quant(value: &str) -> Result<(u32, u32), RatesFileProblem> {
    let bad = || RatesFileProblem::BadQuant {
        found: value.to_owned(),
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if value.bytes().all(|b| b == b'0') {
        return Err(RatesFileProblem::QuantZero);
    }
    let units: u32 = value.parse().map_err(|_| bad())?;
    let exponent = (0..=MAX_QUANT_EXPONENT)
        .find(|k| 10u32.pow(*k) == units)
        .ok_or_else(bad)?;
    if value.len() != exponent as usize + 1 {
        // Leading zeros ("010") are not how the NBK writes a quantity.
        return Err(bad());
    }
    Ok((units, exponent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use neonomad_core::parse_date;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }
    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }
    fn cur(s: &str) -> CurrencyCode {
        CurrencyCode::parse(s).unwrap()
    }
    fn err(text: &str) -> RatesFileError {
        parse(text, "nbk.xml").unwrap_err()
    }
    fn column<'a>(cols: &'a [ParsedColumn], c: &str) -> &'a [(NaiveDate, Decimal)] {
        &cols.iter().find(|(code, _)| *code == cur(c)).unwrap().1
    }

    /// A daily document as `get_rates.cfm` writes it (values synthetic).
    fn daily(date: &str, items: &[(&str, &str, &str)]) -> String {
        let mut out = format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rates>\n<generator>nationalbank.kz</generator>\n\
             <title>Official exchange rates</title>\n<link>https://nationalbank.kz</link>\n\
             <description>Official exchange rates of the NBK</description>\n<copyright>NBK</copyright>\n\
             <date>{date}</date>\n"
        );
        for (code, description, quant) in items {
            out.push_str(&format!(
                "<item>\n  <fullname>ВАЛЮТА {code}</fullname>\n  <title>{code}</title>\n  \
                 <description>{description}</description>\n  <quant>{quant}</quant>\n  \
                 <index>UP</index>\n  <change>+0.12</change>\n</item>\n"
            ));
        }
        out.push_str("</rates>\n");
        out
    }

    const DAY: &[(&str, &str, &str)] = &[
        ("USD", "500.00", "1"),
        ("EUR", "550.50", "1"),
        ("JPY", "350.00", "100"),
        ("CNY", "700.10", "10"),
    ];

    #[test]
    fn reads_a_daily_document_dividing_by_quant() {
        let cols = parse(&daily("30.09.2025", DAY), "x").unwrap();
        let day = d("2025-09-30");
        assert_eq!(column(&cols, "USD"), &[(day, dec("500.00"))]);
        assert_eq!(column(&cols, "EUR"), &[(day, dec("550.50"))]);
        // 350.00 KZT per 100 JPY = 3.5000 per yen; 700.10 per 10 CNY = 70.010 per yuan.
        assert_eq!(column(&cols, "JPY"), &[(day, dec("3.5000"))]);
        assert_eq!(column(&cols, "JPY")[0].1.to_string(), "3.5000");
        assert_eq!(column(&cols, "CNY"), &[(day, dec("70.010"))]);
        let codes: Vec<_> = cols.iter().map(|(c, _)| c.to_string()).collect();
        assert_eq!(codes, ["CNY", "EUR", "JPY", "USD"]);
    }

    #[test]
    fn reads_concatenated_daily_documents_in_any_order() {
        let text = [
            daily("31.10.2025", &[("USD", "510", "1"), ("EUR", "560", "1")]),
            daily("30.09.2025", &[("USD", "500", "1"), ("EUR", "550", "1")]),
            // The same day twice with the same values (a file catted twice) is harmless.
            daily("30.09.2025", &[("USD", "500.00", "1")]),
        ]
        .concat();
        let cols = parse(&text, "x").unwrap();
        assert_eq!(
            column(&cols, "USD"),
            &[(d("2025-09-30"), dec("500")), (d("2025-10-31"), dec("510"))]
        );
        assert_eq!(column(&cols, "EUR").len(), 2);
    }

    #[test]
    fn reads_the_rss_feed_with_a_date_per_item() {
        let text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\">\n<channel>\n\
            <generator>nationalbank.kz</generator>\n<title>Official exchange rates</title>\n\
            <link>https://nationalbank.kz</link>\n<description>rates</description>\n<language>ru</language>\n\
            <item><title>USD</title><pubDate>03.10.2025</pubDate><description>520.25</description>\
            <quant>1</quant><index>DOWN</index><change>-1.5</change><link/></item>\n\
            <item><title>KRW</title><pubDate>03.10.2025</pubDate><description>37.10</description>\
            <quant>100</quant><index/><change>0</change></item>\n\
            </channel>\n</rss>\n";
        let cols = parse(text, "rates_all.xml").unwrap();
        assert_eq!(column(&cols, "USD"), &[(d("2025-10-03"), dec("520.25"))]);
        assert_eq!(column(&cols, "KRW"), &[(d("2025-10-03"), dec("0.3710"))]);
    }

    #[test]
    fn tolerates_a_bom_cdata_entities_comments_and_fields_in_any_order() {
        let text = "\u{feff}<?xml version=\"1.0\"?><!-- fetched by hand --><rates>\
            <item><quant>1</quant><description><![CDATA[ 500.5 ]]></description><title>US&#68;</title>\
            <fullname>A &amp; B</fullname></item><date>01.10.2025</date></rates>\n\u{feff}";
        let cols = parse(text, "x").unwrap();
        assert_eq!(column(&cols, "USD"), &[(d("2025-10-01"), dec("500.5"))]);
    }

    #[test]
    fn an_item_pub_date_wins_over_the_document_date() {
        let text = "<rates><date>01.10.2025</date>\
            <item><title>USD</title><description>500</description><quant>1</quant></item>\
            <item><title>USD</title><pubDate>02.10.2025</pubDate><description>501</description><quant>1</quant></item>\
            </rates>";
        let cols = parse(text, "x").unwrap();
        assert_eq!(
            column(&cols, "USD"),
            &[(d("2025-10-01"), dec("500")), (d("2025-10-02"), dec("501"))]
        );
    }

    #[test]
    fn quant_must_be_a_positive_power_of_ten() {
        let e = err(&daily("30.09.2025", &[("USD", "500", "0")]));
        assert_eq!(e.problem, RatesFileProblem::QuantZero);
        assert_eq!(e.column.as_ref().unwrap().name, "<quant>");
        assert_eq!(e.line, 13);
        assert!(
            e.to_string()
                .starts_with("nbk.xml, line 13, column 3 (<quant>): quant is 0;"),
            "{e}"
        );
        for bad in ["", "5", "-1", "1.0", "010", "10000000", "abc", "1e2"] {
            let e = err(&daily("30.09.2025", &[("USD", "500", bad)]));
            assert_eq!(
                e.problem,
                RatesFileProblem::BadQuant { found: bad.into() },
                "{bad}"
            );
        }
        assert_eq!(parse_quant("1000000"), Ok((1_000_000, 6)));
    }

    #[test]
    fn bad_description_names_line_and_element() {
        for bad in [
            "5,40",
            "-1",
            "0",
            "0.00",
            "",
            "N/A",
            "1e3",
            "12345678901234",
        ] {
            let e = err(&daily(
                "30.09.2025",
                &[("USD", "500", "1"), ("EUR", bad, "1")],
            ));
            assert_eq!(
                e.problem,
                RatesFileProblem::BadDescription { found: bad.into() },
                "{bad}"
            );
            assert_eq!(e.line, 20, "{bad}");
            assert_eq!(e.column.as_ref().unwrap().name, "<description>");
        }
        let e = err(&daily("30.09.2025", &[("USD", "5,40", "1")]));
        assert!(
            e.to_string().starts_with(
                "nbk.xml, line 12, column 3 (<description>): \"5,40\" is not a rate; expected a positive decimal number of KZT"
            ),
            "{e}"
        );
    }

    #[test]
    fn a_value_too_precise_per_unit_is_refused() {
        let e = err(&daily(
            "30.09.2025",
            &[("USD", "500", "1"), ("VND", "1.23456", "1000000")],
        ));
        assert_eq!(
            e.problem,
            RatesFileProblem::TooPrecise {
                description: dec("1.23456"),
                quant: 1_000_000
            }
        );
        // Ten places exactly is fine.
        let cols = parse(
            &daily(
                "30.09.2025",
                &[("USD", "500", "1"), ("VND", "1.2345", "1000000")],
            ),
            "x",
        )
        .unwrap();
        assert_eq!(column(&cols, "VND")[0].1, dec("0.0000012345"));
    }

    #[test]
    fn bad_dates_are_refused_with_the_expected_shape() {
        for bad in [
            "2025-09-30",
            "31.09.2025",
            "1.10.2025",
            "30/09/2025",
            "",
            "30.09.25",
        ] {
            let e = err(&daily(bad, &[("USD", "500", "1")]));
            assert_eq!(
                e.problem,
                RatesFileProblem::BadNbkDate { found: bad.into() },
                "{bad}"
            );
            assert_eq!(e.line, 8);
            assert_eq!(e.column.as_ref().unwrap().name, "<date>");
        }
        let e = err(
            "<rss><channel><item><title>USD</title><pubDate>Fri, 03 Oct 2025</pubDate>\
                     <description>1</description><quant>1</quant></item></channel></rss>",
        );
        assert!(
            matches!(e.problem, RatesFileProblem::BadNbkDate { .. }),
            "{e}"
        );
        assert!(e.to_string().contains("expected DD.MM.YYYY"), "{e}");
    }

    #[test]
    fn an_item_without_any_date_is_refused() {
        let e = err("<rates>\n<item><title>USD</title><description>500</description><quant>1</quant></item>\n</rates>");
        assert_eq!((e.line, e.problem), (2, RatesFileProblem::MissingDate));
    }

    #[test]
    fn missing_fields_are_named() {
        for (field, item) in [
            ("title", "<description>500</description><quant>1</quant>"),
            ("description", "<title>USD</title><quant>1</quant>"),
            ("quant", "<title>USD</title><description>500</description>"),
        ] {
            let e = err(&format!(
                "<rates><date>30.09.2025</date><item>{item}</item></rates>"
            ));
            assert_eq!(
                e.problem,
                RatesFileProblem::MissingField { field },
                "{field}"
            );
        }
    }

    #[test]
    fn bad_titles_and_kzt_are_refused() {
        for bad in ["usd", "US", "ДОЛ", ""] {
            let e = err(&daily(
                "30.09.2025",
                &[("USD", "500", "1"), (bad, "1", "1")],
            ));
            assert_eq!(
                e.problem,
                RatesFileProblem::BadTitle { found: bad.into() },
                "{bad}"
            );
        }
        let e = err(&daily(
            "30.09.2025",
            &[("USD", "500", "1"), ("KZT", "1", "1")],
        ));
        assert_eq!(e.problem, RatesFileProblem::KztItem);
    }

    #[test]
    fn the_same_day_with_a_different_value_is_refused_naming_both_lines() {
        let text = [
            daily("30.09.2025", &[("USD", "500", "1")]),
            daily("30.09.2025", &[("USD", "501", "1")]),
        ]
        .concat();
        let e = err(&text);
        assert_eq!(
            e.problem,
            RatesFileProblem::ConflictingRate {
                currency: CurrencyCode::USD,
                date: d("2025-09-30"),
                first: dec("500"),
                first_line: 9,
                found: dec("501"),
            }
        );
        assert_eq!(e.line, 26);
        assert!(
            e.to_string()
                .contains("USD on 2025-09-30 is 501 KZT per unit here but 500 at line 9"),
            "{e}"
        );
        // 100 JPY for 350 is the same as 10 JPY for 35: not a conflict.
        let same = [
            daily("30.09.2025", &[("USD", "500", "1"), ("JPY", "350", "100")]),
            daily("30.09.2025", &[("USD", "500", "1"), ("JPY", "35", "10")]),
        ]
        .concat();
        assert!(parse(&same, "x").is_ok());
    }

    #[test]
    fn a_day_without_usd_is_refused() {
        let text = [
            daily("30.09.2025", &[("USD", "500", "1")]),
            daily("01.10.2025", &[("EUR", "550", "1")]),
        ]
        .concat();
        let e = err(&text);
        assert_eq!(
            e.problem,
            RatesFileProblem::NoUsd {
                date: d("2025-10-01")
            }
        );
        assert_eq!(e.line, 26);
    }

    #[test]
    fn empty_or_foreign_documents_are_refused() {
        for text in [
            "",
            "  \n",
            "<?xml version=\"1.0\"?>",
            "<rates><date>30.09.2025</date></rates>",
        ] {
            assert_eq!(err(text).problem, RatesFileProblem::NoNbkRates, "{text:?}");
        }
        let e = err("<!-- error page -->\n<html><body>Service unavailable</body></html>");
        assert_eq!(
            e.problem,
            RatesFileProblem::NotNbkRates {
                found: "html".into()
            }
        );
        assert_eq!(e.line, 2);
        let e = err("Date,USD\n2025-09-30,500\n");
        assert!(
            matches!(e.problem, RatesFileProblem::StrayText { .. }),
            "{e}"
        );
    }

    #[test]
    fn doctype_and_unknown_entities_are_refused_before_expansion() {
        let laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>\n\
                      <rates><date>30.09.2025</date><item><title>&lol2;</title></item></rates>";
        let e = err(laughs);
        assert_eq!((e.line, e.problem), (2, RatesFileProblem::DocType));
        let e = err("<rates><date>30.09.2025</date><item><title>&lol;</title></item></rates>");
        assert_eq!(
            e.problem,
            RatesFileProblem::UnknownEntity { name: "lol".into() }
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let deep = format!("<rates>{}{}</rates>", "<a>".repeat(100), "</a>".repeat(100));
        assert_eq!(
            err(&deep).problem,
            RatesFileProblem::TooDeep { max: MAX_DEPTH }
        );
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let e = err("<rates>\n<date>30.09.2025</date>\n<item><title>USD</titel></item></rates>");
        assert!(matches!(e.problem, RatesFileProblem::Xml { .. }), "{e}");
        assert_eq!(e.line, 3);
        let e = err("<rates><date>30.09.2025</date><item><title>USD</title>");
        assert!(e.to_string().contains("the text ends inside <item>"), "{e}");
    }

    #[test]
    fn long_field_text_is_cut_not_kept() {
        let long = "9".repeat(10_000);
        let e = err(&daily("30.09.2025", &[("USD", &long, "1")]));
        let RatesFileProblem::BadDescription { found } = e.problem else {
            panic!("{e}");
        };
        assert!(found.len() <= MAX_FIELD_TEXT, "{}", found.len());
    }

    /// Found by the `nbk` fuzz target: cutting a long field inside a multi-byte character
    /// (here U+FFFD, what the CLI makes of bytes that are not UTF-8) panicked.
    #[test]
    fn long_field_text_of_multibyte_characters_is_cut_on_a_character_boundary() {
        for filler in ["\u{fffd}", "\u{44d}", "\u{1F4B1}", "a\u{fffd}"] {
            let long = filler.repeat(300);
            let e = err(&daily("30.09.2025", &[("USD", "1", &long)]));
            assert!(
                matches!(e.problem, RatesFileProblem::BadQuant { .. }),
                "{e}"
            );
            let e = err(&daily("30.09.2025", &[(&long, "548.27", "1")]));
            let RatesFileProblem::BadTitle { found } = e.problem else {
                panic!("{e}");
            };
            assert!(found.chars().count() <= MAX_FIELD_TEXT, "{found}");
        }
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in "(?s).{0,300}") {
            let _ = parse(&text, "fuzz");
        }

        #[test]
        fn never_panics_on_nbk_like_text(parts in prop::collection::vec(
            "<rates>|</rates>|<rss>|</rss>|<channel>|</channel>|<item>|</item>|<date>|</date>|\
             <title>|</title>|<description>|</description>|<quant>|</quant>|<pubDate>|</pubDate>|\
             USD|EUR|KZT|JPY|[0-9.]{1,6}|[0-3][0-9]\\.[01][0-9]\\.20[0-9]{2}|&amp;|&x;|<!DOCTYPE a>|<\\?xml version=\"1.0\"\\?>|\n| ",
            0..60,
        )) {
            let text = parts.concat();
            match parse(&text, "fuzz") {
                Ok(cols) => {
                    for (_, values) in &cols {
                        prop_assert!(values.windows(2).all(|w| w[0].0 < w[1].0));
                        prop_assert!(values.iter().all(|(_, v)| *v > Decimal::ZERO));
                    }
                }
                Err(e) => {
                    prop_assert!(e.line >= 1);
                    prop_assert!(!e.to_string().is_empty());
                }
            }
        }

        #[test]
        fn generated_days_read_back_exactly(
            days in prop::collection::btree_map(0u32..2000, (1u64..100_000_000, 0u32..=4, 0u32..=3, 1u64..10_000_000), 1..12),
        ) {
            let base = d("2020-01-01");
            let text: String = days.iter().map(|(day, (usd, usd_scale, jpy_k, jpy))| {
                let date = base + chrono::Days::new(u64::from(*day));
                let usd = Decimal::new(*usd as i64, *usd_scale);
                let jpy = Decimal::new(*jpy as i64, 2);
                daily(&date.format("%d.%m.%Y").to_string(), &[
                    ("USD", &usd.to_string(), "1"),
                    ("JPY", &jpy.to_string(), &10u32.pow(*jpy_k).to_string()),
                ])
            }).collect();
            let cols = parse(&text, "gen").unwrap();
            for (day, (usd, usd_scale, jpy_k, jpy)) in &days {
                let date = base + chrono::Days::new(u64::from(*day));
                let got_usd = column(&cols, "USD").iter().find(|(d, _)| *d == date).unwrap().1;
                prop_assert_eq!(got_usd, Decimal::new(*usd as i64, *usd_scale));
                let got_jpy = column(&cols, "JPY").iter().find(|(d, _)| *d == date).unwrap().1;
                prop_assert_eq!(got_jpy, Decimal::new(*jpy as i64, 2 + jpy_k));
            }
        }
    }
}
