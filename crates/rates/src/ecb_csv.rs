//! The ECB euro reference rates CSV shape (`Date,USD,JPY,...,` then one row per publication day,
//! values in units of currency per 1 EUR, `N/A` where not published), the same shape for the NBK
//! rates store (values in KZT per 1 unit), and the typed errors of every rates file.
//!
//! The parser is strict about everything a person could get wrong (dates, numbers, the number
//! of values on a line, repeated dates or columns) and tolerant of what files do on their own
//! (a byte-order mark, CRLF line endings, blank lines, spaces around values, the ECB's trailing
//! comma, rows in any order).

use std::fmt;

use neonomad_core::{parse_date, CurrencyCode, Decimal, NaiveDate};

/// Rates of one currency as read from a file: (publication day, units per 1 EUR), days ascending.
pub(crate) type ParsedColumn = (CurrencyCode, Vec<(NaiveDate, Decimal)>);

/// Most digits accepted before the decimal point of one rate (the ECB uses at most 6); with
/// `MAX_FRACTION_DIGITS` it keeps every cross rate exactly computable.
const MAX_INTEGER_DIGITS: usize = 12;
/// Most digits accepted after the decimal point of one rate (the ECB uses at most 6).
const MAX_FRACTION_DIGITS: usize = 10;

/// A rates file that cannot be read, with the place (origin, line, column) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatesFileError {
    /// Where the text came from, as the caller named it (usually a file path).
    pub origin: String,
    /// 1-based line number in the text.
    pub line: usize,
    /// The column at fault, if the problem is in one column.
    pub column: Option<ColumnRef>,
    /// What is wrong and what was expected.
    pub problem: RatesFileProblem,
}

/// A column of a rates file: its 1-based position and its header name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnRef {
    /// 1-based position on the line (the `Date` column is 1).
    pub number: usize,
    /// The header text of the column, e.g. `GBP`.
    pub name: String,
}

/// What is wrong in a rates file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RatesFileProblem {
    /// Nothing but blank lines.
    #[error(
        "the file is empty; expected a header line such as `Date,USD,JPY,GBP` and rows below it"
    )]
    Empty,
    /// The first header column is not `Date`.
    #[error("the header starts with {found:?}; expected `Date` as the first column, e.g. `Date,USD,KZT`")]
    NoDateColumn {
        /// The text found instead.
        found: String,
    },
    /// The header names no currency after `Date`.
    #[error("the header has no currency columns; expected `Date` followed by currency codes, e.g. `Date,USD,KZT`")]
    NoCurrencies,
    /// A header column is not a currency code.
    #[error("header column {found:?} is not a currency code; expected three upper-case letters such as `GBP`")]
    BadCurrency {
        /// The header text found.
        found: String,
    },
    /// The header names EUR, the base of the table.
    #[error(
        "EUR is the base of the ECB table (every value is units per 1 EUR); remove the EUR column"
    )]
    EurColumn,
    /// The header of the NBK store names KZT, the base of its values.
    #[error("KZT is the base of the NBK rates store (every value is KZT per 1 unit); remove the KZT column")]
    KztColumn,
    /// A currency appears twice in the header.
    #[error("{currency} appears twice in the header (also column {first_column}); expected each currency once")]
    DuplicateCurrency {
        /// The repeated currency.
        currency: CurrencyCode,
        /// 1-based position of its first appearance.
        first_column: usize,
    },
    /// The file has a header but no data rows.
    #[error("no rows after the header; expected lines such as `2026-01-05,1.0321`")]
    NoRows,
    /// A row has more or fewer values than the header has columns.
    #[error("the row has {found} values; expected {expected}, one per header column")]
    FieldCount {
        /// Number of header columns (Date included).
        expected: usize,
        /// Number of values on the row.
        found: usize,
    },
    /// The Date value is not a real YYYY-MM-DD date.
    #[error("{found:?} is not a date; expected YYYY-MM-DD, e.g. 2025-09-30")]
    BadDate {
        /// The text found.
        found: String,
    },
    /// The same date appears on two rows.
    #[error("{date} appears twice (also line {first_line}); expected one row per publication day")]
    DuplicateDate {
        /// The repeated date.
        date: NaiveDate,
        /// The line where it first appears.
        first_line: usize,
    },
    /// A value is neither a positive decimal nor `N/A`.
    #[error(
        "{found:?} is not a rate; expected a positive decimal number of units per 1 EUR with at most \
         12 digits before and 10 after the point (e.g. 0.8734), or N/A when not published"
    )]
    BadValue {
        /// The text found.
        found: String,
    },
    /// A value of the NBK store is neither a positive decimal nor `N/A`.
    #[error(
        "{found:?} is not a rate; expected a positive decimal number of KZT per 1 unit with at most \
         12 digits before and 10 after the point (e.g. 540.25), or N/A when not published"
    )]
    BadKztValue {
        /// The text found.
        found: String,
    },
    /// NBK XML: nothing that looks like NBK rates.
    #[error(
        "no NBK rates found; expected <rates> documents with <item> elements \
         (nationalbank.kz/rss/get_rates.cfm?fdate=DD.MM.YYYY) or the RSS feed rates_all.xml"
    )]
    NoNbkRates,
    /// NBK XML: the text is not well-formed XML.
    #[error("not well-formed XML: {message}")]
    Xml {
        /// What the XML reader found wrong.
        message: String,
    },
    /// NBK XML: a document type declaration, refused before anything in it is read.
    #[error(
        "a DOCTYPE is not allowed: its entity declarations could expand without bound (billion \
         laughs) or read other files, and NBK rates have none"
    )]
    DocType,
    /// NBK XML: an entity other than XML's five or a character reference.
    #[error(
        "entity &{name}; is not one of XML's five (&amp; &lt; &gt; &quot; &apos;) or a character \
         reference; NBK rates have no custom entities and neonomad does not expand them"
    )]
    UnknownEntity {
        /// The entity name.
        name: String,
    },
    /// NBK XML: elements nested deeper than NBK rates ever are.
    #[error(
        "elements nested deeper than {max} levels; NBK rates need 4 (<rss><channel><item><title>)"
    )]
    TooDeep {
        /// The deepest nesting accepted.
        max: usize,
    },
    /// NBK XML: the root element is not `<rates>` or `<rss>`.
    #[error(
        "the document's root element is <{found}>; expected <rates> (get_rates.cfm) or <rss> \
         (rates_all.xml) from nationalbank.kz"
    )]
    NotNbkRates {
        /// The root element's name.
        found: String,
    },
    /// NBK XML: text outside any element.
    #[error("text {found:?} outside any element; expected only XML declarations and <rates> or <rss> documents")]
    StrayText {
        /// The start of the text found.
        found: String,
    },
    /// NBK XML: an `<item>` without a field every rate needs.
    #[error(
        "the <item> has no <{field}>; expected <title>, <description> and <quant> in every item"
    )]
    MissingField {
        /// The missing element's name.
        field: &'static str,
    },
    /// NBK XML: an `<item>` with no date of its own and none in its document.
    #[error(
        "no date for this <item>; expected <date>DD.MM.YYYY</date> in <rates> or \
         <pubDate>DD.MM.YYYY</pubDate> in the item"
    )]
    MissingDate,
    /// NBK XML: a date that is not DD.MM.YYYY.
    #[error("{found:?} is not a date; expected DD.MM.YYYY, e.g. 30.09.2025")]
    BadNbkDate {
        /// The text found.
        found: String,
    },
    /// NBK XML: a `<title>` that is not a currency code.
    #[error("{found:?} is not a currency code; expected three upper-case letters such as `USD`")]
    BadTitle {
        /// The text found.
        found: String,
    },
    /// NBK XML: an item for KZT itself.
    #[error("an item for KZT: KZT is the base of NBK rates (every value is KZT per unit), so it has no rate")]
    KztItem,
    /// NBK XML: a `<description>` that is not a positive decimal.
    #[error(
        "{found:?} is not a rate; expected a positive decimal number of KZT for <quant> units with \
         a decimal point, at most 12 digits before and 10 after it (e.g. 540.25)"
    )]
    BadDescription {
        /// The text found.
        found: String,
    },
    /// NBK XML: a `<quant>` of 0.
    #[error("quant is 0; expected the number of units the description is for: 1, 10, 100, ...")]
    QuantZero,
    /// NBK XML: a `<quant>` that is not a power of ten.
    #[error("{found:?} is not a quantity; expected 1, 10, 100, ... up to 1000000 units")]
    BadQuant {
        /// The text found.
        found: String,
    },
    /// NBK XML: description / quant needs more than 10 decimal places.
    #[error(
        "{description} KZT for {quant} units is {description}/{quant} KZT per unit, more than 10 \
         decimal places; expected a description with fewer decimals"
    )]
    TooPrecise {
        /// The description found.
        description: Decimal,
        /// The quant found.
        quant: u32,
    },
    /// NBK XML: one currency and day with two different rates.
    #[error(
        "{currency} on {date} is {found} KZT per unit here but {first} at line {first_line}; \
         expected one rate per currency and day"
    )]
    ConflictingRate {
        /// The currency.
        currency: CurrencyCode,
        /// The day the rate is in force.
        date: NaiveDate,
        /// The value at the first line, KZT per unit.
        first: Decimal,
        /// The line of the first value.
        first_line: usize,
        /// The value here, KZT per unit.
        found: Decimal,
    },
    /// NBK XML: a day whose rates do not include USD.
    #[error(
        "the rates for {date} have no USD item; every day needs USD because every cross rate \
         goes through it"
    )]
    NoUsd {
        /// The day without USD.
        date: NaiveDate,
    },
}

impl fmt::Display for RatesFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, line {}", self.origin, self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column {} ({})", c.number, c.name)?;
        }
        write!(f, ": {}", self.problem)
    }
}

impl std::error::Error for RatesFileError {}

/// Which rates a CSV file holds: the ECB's (units per 1 EUR) or the NBK store's (KZT per 1 unit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CsvShape {
    /// ECB euro reference rates and extra files in their shape.
    Ecb,
    /// The NBK rates store.
    Nbk,
}

impl CsvShape {
    fn base(self) -> CurrencyCode {
        match self {
            CsvShape::Ecb => CurrencyCode::EUR,
            CsvShape::Nbk => CurrencyCode::KZT,
        }
    }

    fn base_column(self) -> RatesFileProblem {
        match self {
            CsvShape::Ecb => RatesFileProblem::EurColumn,
            CsvShape::Nbk => RatesFileProblem::KztColumn,
        }
    }

    fn bad_value(self, found: String) -> RatesFileProblem {
        match self {
            CsvShape::Ecb => RatesFileProblem::BadValue { found },
            CsvShape::Nbk => RatesFileProblem::BadKztValue { found },
        }
    }
}

/// Parses the ECB CSV shape into one column per currency, each sorted by date.
pub(crate) fn parse(text: &str, origin: &str) -> Result<Vec<ParsedColumn>, RatesFileError> {
    parse_shape(text, origin, &CsvShape::Ecb)
}

/// Parses a rates CSV of the given shape into one column per currency, each sorted by date.
pub(crate) fn parse_shape(
    text: &str,
    origin: &str,
    shape: &CsvShape,
) -> Result<Vec<ParsedColumn>, RatesFileError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty());
    let fail = |line, column: Option<ColumnRef>, problem| RatesFileError {
        origin: origin.to_owned(),
        line,
        column,
        problem,
    };

    let (header_line, header) = lines
        .next()
        .ok_or_else(|| fail(1, None, RatesFileProblem::Empty))?;
    let mut names: Vec<&str> = header.split(',').map(str::trim_ascii).collect();
    let trailing_comma = names.len() > 1 && names.last() == Some(&"");
    if trailing_comma {
        names.pop();
    }
    let first = names.first().copied().unwrap_or("");
    if first != "Date" {
        let column = Some(ColumnRef {
            number: 1,
            name: first.to_owned(),
        });
        return Err(fail(
            header_line,
            column,
            RatesFileProblem::NoDateColumn {
                found: first.to_owned(),
            },
        ));
    }
    if names.len() < 2 {
        return Err(fail(header_line, None, RatesFileProblem::NoCurrencies));
    }
    let mut currencies: Vec<CurrencyCode> = Vec::with_capacity(names.len() - 1);
    for (i, name) in names.iter().enumerate().skip(1) {
        let column = || {
            Some(ColumnRef {
                number: i + 1,
                name: (*name).to_owned(),
            })
        };
        let code = CurrencyCode::parse(name).map_err(|_| {
            fail(
                header_line,
                column(),
                RatesFileProblem::BadCurrency {
                    found: (*name).to_owned(),
                },
            )
        })?;
        if code == shape.base() {
            return Err(fail(header_line, column(), shape.base_column()));
        }
        if let Some(p) = currencies.iter().position(|c| *c == code) {
            let problem = RatesFileProblem::DuplicateCurrency {
                currency: code,
                first_column: p + 2,
            };
            return Err(fail(header_line, column(), problem));
        }
        currencies.push(code);
    }

    // A capacity hint only: ECB rows are longer than the header, so this is rarely too small.
    let rows = text.len() / header.len().max(1) + 1;
    let mut columns: Vec<Vec<(NaiveDate, Decimal)>> = (0..currencies.len())
        .map(|_| Vec::with_capacity(rows))
        .collect();
    let mut seen: Vec<(NaiveDate, usize)> = Vec::with_capacity(rows);
    let mut values: Vec<Scanned> = Vec::with_capacity(names.len() + 1);
    for (line, row) in lines {
        scan_row(row, &mut values);
        // With the ECB's trailing comma a final empty value is that comma; without it, only an
        // extra empty value is, and an empty last column is a value not published.
        let last_empty = values
            .last()
            .is_some_and(|v| v.text.trim_ascii().is_empty());
        if last_empty && (trailing_comma || values.len() == names.len() + 1) {
            values.pop();
        }
        if values.len() != names.len() {
            let problem = RatesFileProblem::FieldCount {
                expected: names.len(),
                found: values.len(),
            };
            return Err(fail(line, None, problem));
        }
        let date_text = values[0].text.trim_ascii();
        let date = parse_date(date_text).map_err(|_| {
            let column = Some(ColumnRef {
                number: 1,
                name: "Date".to_owned(),
            });
            fail(
                line,
                column,
                RatesFileProblem::BadDate {
                    found: date_text.to_owned(),
                },
            )
        })?;
        seen.push((date, line));
        for (i, value) in values.iter().enumerate().skip(1) {
            if let Some(rate) = value.plain_rate {
                columns[i - 1].push((date, rate));
                continue;
            }
            let value = value.text.trim_ascii();
            if value == "N/A" || value.is_empty() {
                continue;
            }
            let rate = parse_rate(value).ok_or_else(|| {
                let column = Some(ColumnRef {
                    number: i + 1,
                    name: names[i].to_owned(),
                });
                fail(line, column, shape.bad_value(value.to_owned()))
            })?;
            columns[i - 1].push((date, rate));
        }
    }
    if seen.is_empty() {
        return Err(fail(header_line, None, RatesFileProblem::NoRows));
    }
    // Sorting (date, line) pairs puts a repeated date next to its first appearance.
    seen.sort_unstable();
    if let Some(w) = seen.windows(2).find(|w| w[0].0 == w[1].0) {
        let problem = RatesFileProblem::DuplicateDate {
            date: w[1].0,
            first_line: w[0].1,
        };
        let column = Some(ColumnRef {
            number: 1,
            name: "Date".to_owned(),
        });
        return Err(fail(w[1].1, column, problem));
    }

    Ok(currencies
        .into_iter()
        .zip(columns)
        .map(|(code, mut column)| {
            // The ECB writes newest first; other files may come in any order.
            if column.is_sorted_by(|a, b| a.0 > b.0) {
                column.reverse();
            } else {
                column.sort_unstable_by_key(|(d, _)| *d);
            }
            column.shrink_to_fit();
            (code, column)
        })
        .collect())
}

/// One comma-separated value of a row, and its rate when it is plainly written.
struct Scanned<'a> {
    /// The text between the commas, untrimmed.
    text: &'a str,
    /// The rate, when the text is only `digits[.digits]` within bounds and not zero; anything
    /// else (`N/A`, spaces, mistakes) is left to the careful path.
    plain_rate: Option<Decimal>,
}

/// Replaces `out` with the values of one row, reading each plainly written number on the way.
///
/// One pass over the bytes instead of splitting and then parsing: the bundled file has ~300,000
/// values and this loop is most of the time spent loading it.
fn scan_row<'a>(row: &'a str, out: &mut Vec<Scanned<'a>>) {
    out.clear();
    let (mut start, mut number) = (0, NumberScan::default());
    for (i, b) in row.bytes().enumerate() {
        if b == b',' {
            // Slicing at an ASCII comma always lands on a character boundary.
            let plain_rate = number.short_rate();
            out.push(Scanned {
                text: &row[start..i],
                plain_rate,
            });
            (start, number) = (i + 1, NumberScan::default());
        } else {
            number.feed(b);
        }
    }
    let plain_rate = number.short_rate();
    out.push(Scanned {
        text: &row[start..],
        plain_rate,
    });
}

/// Parses `digits[.digits]` as a positive decimal within the digit bounds; never via floats.
pub(crate) fn parse_rate(value: &str) -> Option<Decimal> {
    let mut number = NumberScan::default();
    value.bytes().for_each(|b| number.feed(b));
    if !number.well_formed() {
        return None;
    }
    // Up to 19 digits the mantissa is exact in a u64; longer values take the decimal parser.
    number.short_rate().or_else(|| {
        let rate = Decimal::from_str_exact(value).ok()?;
        (!rate.is_zero()).then_some(rate)
    })
}

/// What has been read of one value so far, byte by byte.
#[derive(Default)]
struct NumberScan {
    /// The digits read, as an integer (wraps past 19 digits; `short_rate` then refuses it).
    mantissa: u64,
    int_digits: usize,
    frac_digits: usize,
    dot: bool,
    /// A byte other than a digit or a first `.` was seen.
    odd: bool,
}

impl NumberScan {
    fn feed(&mut self, b: u8) {
        match b {
            b'0'..=b'9' => {
                self.mantissa = self
                    .mantissa
                    .wrapping_mul(10)
                    .wrapping_add(u64::from(b - b'0'));
                if self.dot {
                    self.frac_digits += 1;
                } else {
                    self.int_digits += 1;
                }
            }
            b'.' if !self.dot => self.dot = true,
            _ => self.odd = true,
        }
    }

    /// `digits[.digits]` with 1..=12 digits before the point and at most 10 after it.
    fn well_formed(&self) -> bool {
        !self.odd
            && (1..=MAX_INTEGER_DIGITS).contains(&self.int_digits)
            && self.frac_digits <= MAX_FRACTION_DIGITS
            && (!self.dot || self.frac_digits >= 1)
    }

    /// The rate, if well formed, not zero and short enough for the mantissa to be exact.
    fn short_rate(&self) -> Option<Decimal> {
        let short = self.int_digits + self.frac_digits <= 19;
        if !self.well_formed() || !short || self.mantissa == 0 {
            return None;
        }
        let scale = self.frac_digits as u32;
        Decimal::try_from_i128_with_scale(i128::from(self.mantissa), scale).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn err(text: &str) -> RatesFileError {
        parse(text, "rates.csv").unwrap_err()
    }

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn reads_the_ecb_shape_with_trailing_commas_and_na() {
        let text = "Date,USD,GBP,\n2025-09-30,1.1741,0.8734,\n2025-09-29,1.1723,N/A,\n";
        let cols = parse(text, "x").unwrap();
        assert_eq!(cols.len(), 2);
        assert_eq!(cols[0].0, CurrencyCode::USD);
        assert_eq!(
            cols[0].1,
            vec![
                (d("2025-09-29"), Decimal::new(11723, 4)),
                (d("2025-09-30"), Decimal::new(11741, 4))
            ]
        );
        assert_eq!(cols[1].1, vec![(d("2025-09-30"), Decimal::new(8734, 4))]);
    }

    #[test]
    fn tolerates_bom_crlf_blank_lines_spaces_and_empty_values() {
        let text = "\u{feff}Date, KZT\r\n\r\n2026-01-05, 520.12\r\n2026-01-06,\r\n";
        let cols = parse(text, "x").unwrap();
        assert_eq!(cols[0].1, vec![(d("2026-01-05"), Decimal::new(52012, 2))]);
    }

    #[test]
    fn empty_file_is_refused() {
        for text in ["", "\n\n", "  \r\n"] {
            assert_eq!(err(text).problem, RatesFileProblem::Empty, "{text:?}");
        }
        assert_eq!(
            err("").to_string(),
            "rates.csv, line 1: the file is empty; expected a header line such as `Date,USD,JPY,GBP` and rows below it"
        );
    }

    #[test]
    fn header_without_date_names_the_column() {
        let e = err("Day,USD\n2025-01-02,1.03\n");
        assert_eq!(e.line, 1);
        assert_eq!(
            e.column,
            Some(ColumnRef {
                number: 1,
                name: "Day".into()
            })
        );
        assert_eq!(
            e.to_string(),
            "rates.csv, line 1, column 1 (Day): the header starts with \"Day\"; expected `Date` as the first column, e.g. `Date,USD,KZT`"
        );
        let e = err("USD,GBP\n");
        assert!(
            matches!(e.problem, RatesFileProblem::NoDateColumn { .. }),
            "{e}"
        );
    }

    #[test]
    fn header_columns_must_be_distinct_currencies_other_than_eur() {
        let e = err("Date,USD,usd\n");
        assert_eq!(e.column.unwrap().number, 3);
        assert!(matches!(e.problem, RatesFileProblem::BadCurrency { .. }));
        assert_eq!(err("Date,EUR\n").problem, RatesFileProblem::EurColumn);
        let e = err("Date,USD,,GBP\n");
        assert!(
            matches!(e.problem, RatesFileProblem::BadCurrency { .. }),
            "{e}"
        );
        let e = err("Date,USD,GBP,USD\n2025-01-02,1,2,3\n");
        assert_eq!(
            e.problem,
            RatesFileProblem::DuplicateCurrency {
                currency: CurrencyCode::USD,
                first_column: 2
            }
        );
        assert_eq!(e.column.unwrap().number, 4);
    }

    #[test]
    fn header_without_currencies_is_refused() {
        for text in ["Date\n2025-01-02\n", "Date,\n2025-01-02,\n"] {
            assert_eq!(
                err(text).problem,
                RatesFileProblem::NoCurrencies,
                "{text:?}"
            );
        }
    }

    #[test]
    fn header_only_is_refused() {
        assert_eq!(err("Date,USD,\n").problem, RatesFileProblem::NoRows);
    }

    #[test]
    fn bad_date_names_line_and_column() {
        let e = err("Date,USD\n2025-01-02,1.03\n2025-02-30,1.04\n");
        assert_eq!((e.line, e.column.as_ref().unwrap().number), (3, 1));
        assert_eq!(
            e.to_string(),
            "rates.csv, line 3, column 1 (Date): \"2025-02-30\" is not a date; expected YYYY-MM-DD, e.g. 2025-09-30"
        );
        for bad in ["30.09.2025", "2025-9-30", "", "N/A"] {
            let e = err(&format!("Date,USD\n{bad},1.03\n"));
            assert!(
                matches!(e.problem, RatesFileProblem::BadDate { .. }),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn bad_number_names_line_and_column() {
        let e = err("Date,USD,GBP,\n2025-09-30,1.1741,0,8734,\n");
        assert_eq!(
            e.problem,
            RatesFileProblem::FieldCount {
                expected: 3,
                found: 4
            },
            "{e}"
        );
        assert_eq!(
            e.to_string(),
            "rates.csv, line 2: the row has 4 values; expected 3, one per header column"
        );
        for bad in [
            "0",
            "-1.2",
            "1e3",
            ".5",
            "5.",
            "1.2.3",
            "abc",
            "NaN",
            "n/a",
            "+1",
            "1 2",
            "0.00000000001",
            "1234567890123",
        ] {
            let e = err(&format!("Date,USD,GBP\n2025-09-30,1.1741,{bad}\n"));
            assert_eq!(e.line, 2, "{bad}");
            assert_eq!(
                e.column,
                Some(ColumnRef {
                    number: 3,
                    name: "GBP".into()
                }),
                "{bad}"
            );
            assert_eq!(
                e.problem,
                RatesFileProblem::BadValue {
                    found: bad.trim().into()
                },
                "{bad}"
            );
        }
        let e = err("Date,USD\n2025-09-30,1.1.1\n");
        assert!(e.to_string().starts_with("rates.csv, line 2, column 2 (USD): \"1.1.1\" is not a rate; expected a positive decimal"), "{e}");
    }

    #[test]
    fn long_values_are_read_exactly() {
        let v = "123456789012.1234567891";
        let cols = parse(&format!("Date,XAU\n2025-01-02,{v}\n"), "x").unwrap();
        assert_eq!(cols[0].1[0].1, Decimal::from_str_exact(v).unwrap());
        assert_eq!(cols[0].1[0].1.to_string(), v);
        assert_eq!(parse_rate("0.0000000001"), Some(Decimal::new(1, 10)));
        assert_eq!(parse_rate("000.5"), Some(Decimal::new(5, 1)));
    }

    #[test]
    fn wrong_column_count_is_refused() {
        let e = err("Date,USD,GBP,\n2025-09-30,1.1741\n");
        assert_eq!(
            e.problem,
            RatesFileProblem::FieldCount {
                expected: 3,
                found: 2
            }
        );
        assert_eq!(e.line, 2);
        let e = err("Date,USD\n\n2025-09-30,1.1741,0.8,0.9\n");
        assert_eq!(
            (e.line, e.problem),
            (
                3,
                RatesFileProblem::FieldCount {
                    expected: 2,
                    found: 4
                }
            )
        );
    }

    #[test]
    fn duplicate_date_names_both_lines() {
        let e = err("Date,USD\n2025-09-30,1.17\n2025-09-29,1.18\n2025-09-30,1.19\n");
        assert_eq!(e.line, 4);
        assert_eq!(
            e.problem,
            RatesFileProblem::DuplicateDate {
                date: d("2025-09-30"),
                first_line: 2
            }
        );
        assert!(
            e.to_string()
                .contains("2025-09-30 appears twice (also line 2)"),
            "{e}"
        );
    }

    #[test]
    fn accepts_rows_in_any_order_and_sorts_them() {
        let cols = parse("Date,KZT\n2026-01-06,521\n2026-01-05,520.12\n", "x").unwrap();
        let dates: Vec<_> = cols[0].1.iter().map(|(d, _)| *d).collect();
        assert_eq!(dates, vec![d("2026-01-05"), d("2026-01-06")]);
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(text in "(?s).{0,200}") {
            let _ = parse(&text, "fuzz");
        }

        #[test]
        fn never_panics_on_csv_like_text(text in "(Date|USD|[A-Z]{3}|N/A|[0-9.,-]{1,8}|2025-0[1-9]-[0-3][0-9]|,|\n|\r){0,60}") {
            if let Err(e) = parse(&text, "fuzz") {
                prop_assert!(e.line >= 1);
                prop_assert!(!e.to_string().is_empty());
            }
        }

        #[test]
        fn the_row_scanner_agrees_with_parse_rate(values in prop::collection::vec("[0-9.]{0,24}|[0-9]{1,13}(\\.[0-9]{1,11})?|N/A| ?[0-9.]{1,6} ?", 1..6)) {
            let row = values.join(",");
            let mut scanned = Vec::new();
            scan_row(&row, &mut scanned);
            prop_assert_eq!(scanned.len(), values.len());
            for (s, v) in scanned.iter().zip(&values) {
                prop_assert_eq!(s.text, v.as_str());
                if let Some(fast) = s.plain_rate {
                    prop_assert_eq!(Some(fast), parse_rate(v), "{:?}", v);
                    prop_assert_eq!(fast.scale(), parse_rate(v).unwrap().scale());
                } else if v.bytes().all(|b| b.is_ascii_digit() || b == b'.') && v.len() <= 19 {
                    prop_assert_eq!(parse_rate(v), None, "{:?} is plain but the scanner refused it", v);
                }
            }
        }

        #[test]
        fn rate_text_round_trips(units in 1u64..1_000_000_000_000, scale in 0u32..=10) {
            let value = Decimal::new(units as i64, scale);
            prop_assume!(value.trunc().to_string().len() <= MAX_INTEGER_DIGITS);
            prop_assert_eq!(parse_rate(&value.to_string()), Some(value));
        }
    }
}
