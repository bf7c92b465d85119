//! A direct JSON writer for [`Assessment`], byte for byte the same as `serde_json::to_vec`.
//!
//! The batch path writes about 9 KB of JSON per assessment; through serde that was about half
//! of the time of a batch line (escaping every string byte by byte, decimals and dates through
//! `core::fmt`). This writer copies strings that need no escaping in one piece, and formats
//! dates and decimals by hand. The serde `Serialize` impls stay the reference: tests compare
//! both writers on every scenario and on generated values.

use chrono::NaiveDate;
use neonomad_core::{write_date, write_decimal, write_month, write_u64, Amount, Decimal, Subject};
use neonomad_law::Legalization;

use crate::assessment::{
    Assessment, DocumentLine, DocumentStatus, FamilyOutcome, Fee, Finding, IncomeItem, IncomeMonth,
    IncomeReport, Status, Timeline, VisaDates,
};

impl Assessment {
    /// Appends the assessment as compact JSON (the same bytes as `serde_json::to_vec`).
    pub fn write_json(&self, out: &mut Vec<u8>) {
        AssessmentWriter::new().write(self, out);
    }
}

/// Writes assessments as JSON and remembers, between calls, the fixed text of each rule's
/// findings (its id and status, its escaped source): a batch writes the same twenty citations
/// on every line.
#[derive(Default)]
pub struct AssessmentWriter {
    rules: Vec<Option<RuleText>>,
}

/// The JSON of a rule's finding that does not depend on the application.
struct RuleText {
    /// `{"rule":"…","status":"…","subject":` for pass, fail and missing.
    heads: [Vec<u8>; 3],
    /// The source the tail was made from (its address and length: the law lives for the
    /// whole process, so the same citation is the same string).
    source: (usize, usize),
    /// `,"source":"…"}`.
    tail: Vec<u8>,
}

impl AssessmentWriter {
    /// A writer with nothing remembered yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `assessment` as compact JSON (the same bytes as `serde_json::to_vec`).
    pub fn write(&mut self, assessment: &Assessment, out: &mut Vec<u8>) {
        let this = assessment;
        let mut w = Json(out);
        w.raw("{\"outcome\":\"");
        w.raw(this.outcome.as_str());
        w.raw("\",\"as_of\":");
        w.date(this.as_of);
        w.raw(",\"kind\":\"");
        w.raw(this.kind.as_str());
        w.raw("\",\"findings\":[");
        for (i, finding) in this.findings.iter().enumerate() {
            w.comma(i);
            self.finding(finding, &mut w);
        }
        w.raw("],\"income\":");
        w.income(&this.income);
        w.raw(",\"invitation_required\":");
        match this.invitation_required {
            Some(true) => w.raw("true"),
            Some(false) => w.raw("false"),
            None => w.raw("null"),
        }
        w.raw(",\"visa\":");
        w.visa(&this.visa);
        w.raw(",\"fee\":");
        match &this.fee {
            Some(fee) => w.fee(fee),
            None => w.raw("null"),
        }
        w.raw(",\"timeline\":");
        match &this.timeline {
            Some(timeline) => w.timeline(timeline),
            None => w.raw("null"),
        }
        w.raw(",\"documents\":[");
        for (i, line) in this.documents.iter().enumerate() {
            w.comma(i);
            w.document(line);
        }
        w.raw("],\"family\":[");
        for (i, member) in this.family.iter().enumerate() {
            w.comma(i);
            w.family(member);
        }
        w.raw("]}");
    }

    fn finding(&mut self, f: &Finding, w: &mut Json<'_>) {
        let index = f.rule as usize;
        if self.rules.len() <= index {
            self.rules.resize_with(index + 1, || None);
        }
        let source = (f.source.as_ptr() as usize, f.source.len());
        let text = match &mut self.rules[index] {
            Some(text) if text.source == source => text,
            slot => slot.insert(RuleText::new(f)),
        };
        let status = match f.status {
            Status::Pass => 0,
            Status::Fail => 1,
            Status::Missing => 2,
        };
        w.0.extend_from_slice(&text.heads[status]);
        w.subject(f.subject);
        w.raw(",\"message\":");
        w.string(&f.message);
        w.0.extend_from_slice(&text.tail);
    }
}

impl RuleText {
    fn new(f: &Finding) -> RuleText {
        let head = |status: Status| {
            let mut out = Vec::new();
            let mut w = Json(&mut out);
            w.raw("{\"rule\":\"");
            w.raw(f.rule.as_str());
            w.raw("\",\"status\":\"");
            w.raw(status.as_str());
            w.raw("\",\"subject\":");
            out
        };
        let mut tail = Vec::new();
        let mut w = Json(&mut tail);
        w.raw(",\"source\":");
        w.string(f.source);
        w.raw("}");
        RuleText {
            heads: [
                head(Status::Pass),
                head(Status::Fail),
                head(Status::Missing),
            ],
            source: (f.source.as_ptr() as usize, f.source.len()),
            tail,
        }
    }
}

/// The output buffer with the JSON primitives the assessment needs.
struct Json<'a>(&'a mut Vec<u8>);

impl Json<'_> {
    /// Text that is already JSON (keys, punctuation, the contract's fixed words).
    fn raw(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    fn comma(&mut self, index: usize) {
        if index > 0 {
            self.0.push(b',');
        }
    }

    fn string(&mut self, s: &str) {
        self.0.push(b'"');
        escape_into(self.0, s);
        self.0.push(b'"');
    }

    fn date(&mut self, date: NaiveDate) {
        self.0.push(b'"');
        write_date(self.0, date);
        self.0.push(b'"');
    }

    fn opt_date(&mut self, date: Option<NaiveDate>) {
        match date {
            Some(d) => self.date(d),
            None => self.raw("null"),
        }
    }

    fn decimal(&mut self, value: Decimal) {
        self.0.push(b'"');
        write_decimal(self.0, value);
        self.0.push(b'"');
    }

    fn amount(&mut self, value: Amount) {
        self.decimal(value.value());
    }

    fn uint(&mut self, value: u64) {
        write_u64(self.0, value);
    }

    fn int(&mut self, value: i64) {
        if value < 0 {
            self.0.push(b'-');
        }
        self.uint(value.unsigned_abs());
    }

    fn subject(&mut self, subject: Subject) {
        match subject {
            Subject::Applicant => self.raw("\"applicant\""),
            Subject::Family(i) => {
                self.raw("\"family[");
                self.uint(i as u64);
                self.raw("]\"");
            }
        }
    }

    fn income(&mut self, income: &IncomeReport) {
        self.raw("{\"months\":[");
        for (i, month) in income.months.iter().enumerate() {
            self.comma(i);
            self.month(month);
        }
        self.raw("],\"threshold_usd\":");
        self.amount(income.threshold_usd);
        self.raw(",\"rate_source\":");
        self.string(&income.rate_source);
        self.raw("}");
    }

    fn month(&mut self, m: &IncomeMonth) {
        self.raw("{\"month\":\"");
        write_month(self.0, m.month);
        self.raw("\",\"usd\":");
        self.amount(m.usd);
        self.raw(",\"excluded_usd\":");
        self.amount(m.excluded_usd);
        self.raw(",\"status\":\"");
        self.raw(m.status.as_str());
        self.raw("\",\"items\":[");
        for (i, item) in m.items.iter().enumerate() {
            self.comma(i);
            self.item(item);
        }
        self.raw("]}");
    }

    fn item(&mut self, item: &IncomeItem) {
        self.raw("{");
        if let Some(id) = &item.id {
            self.raw("\"id\":");
            self.string(id);
            self.raw(",");
        }
        if let Some(description) = &item.description {
            self.raw("\"description\":");
            self.string(description);
            self.raw(",");
        }
        self.raw("\"date\":");
        self.date(item.date);
        self.raw(",\"amount\":");
        self.amount(item.amount);
        self.raw(",\"currency\":\"");
        self.raw(item.currency.as_str());
        self.raw("\",\"rate\":");
        match item.rate {
            Some(rate) => self.decimal(rate.normalize()),
            None => self.raw("null"),
        }
        self.raw(",\"rate_date\":");
        self.opt_date(item.rate_date);
        self.raw(",\"usd\":");
        match item.usd {
            Some(usd) => self.amount(usd),
            None => self.raw("null"),
        }
        self.raw(if item.counted {
            ",\"counted\":true,\"reason\":"
        } else {
            ",\"counted\":false,\"reason\":"
        });
        match item.reason {
            Some(reason) => {
                self.raw("\"");
                self.raw(reason.as_str());
                self.raw("\"");
            }
            None => self.raw("null"),
        }
        if let Some(note) = &item.note {
            self.raw(",\"note\":");
            self.string(note);
        }
        self.raw("}");
    }

    fn visa(&mut self, v: &VisaDates) {
        self.raw("{\"start\":");
        self.opt_date(v.start);
        self.raw(",\"end\":");
        self.opt_date(v.end);
        self.raw(",\"latest_end_allowed\":");
        self.opt_date(v.latest_end_allowed);
        self.raw(",\"entries\":");
        self.string(v.entries);
        self.raw("}");
    }

    fn fee(&mut self, fee: &Fee) {
        self.raw("{\"mrp\":");
        self.uint(fee.mrp.into());
        self.raw(",\"mrp_value_kzt\":");
        self.uint(fee.mrp_value_kzt.into());
        self.raw(",\"year\":");
        self.int(fee.year.into());
        self.raw(",\"amount_kzt\":");
        self.uint(fee.amount_kzt);
        self.raw("}");
    }

    fn timeline(&mut self, t: &Timeline) {
        self.raw("{\"earliest_decision\":");
        self.date(t.earliest_decision);
        self.raw(",\"latest_decision\":");
        self.date(t.latest_decision);
        for (key, date) in [
            (",\"invitation_registered_on\":", t.invitation_registered_on),
            (
                ",\"invitation_ready_earliest\":",
                t.invitation_ready_earliest,
            ),
            (",\"invitation_ready_latest\":", t.invitation_ready_latest),
        ] {
            if let Some(date) = date {
                self.raw(key);
                self.date(date);
            }
        }
        self.raw("}");
    }

    fn document(&mut self, d: &DocumentLine) {
        self.raw("{\"id\":\"");
        self.raw(d.id.as_str());
        self.raw("\",\"subject\":");
        self.subject(d.subject);
        self.raw(match d.status {
            DocumentStatus::Provided => ",\"status\":\"provided\",\"legalization\":",
            DocumentStatus::Missing => ",\"status\":\"missing\",\"legalization\":",
        });
        self.raw(match d.legalization {
            Some(Legalization::None) => "\"none\"}",
            Some(Legalization::Apostille) => "\"apostille\"}",
            Some(Legalization::Consular) => "\"consular_legalization\"}",
            None => "null}",
        });
    }

    fn family(&mut self, f: &FamilyOutcome) {
        self.raw("{\"index\":");
        self.uint(f.index as u64);
        self.raw(",\"relation\":");
        self.string(f.relation.as_str());
        self.raw(",\"outcome\":\"");
        self.raw(f.outcome.as_str());
        self.raw("\",\"visa\":");
        self.visa(&f.visa);
        self.raw("}");
    }
}

/// Whether JSON needs this byte escaped (as serde_json decides: controls, quote, backslash).
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any byte needs escaping. Sixteen bytes at a time with a branch-free inner loop,
/// which the compiler turns into SSE2 compares (about a dozen instructions per 16 bytes).
fn any_needs_escape(bytes: &[u8]) -> bool {
    let mut chunks = bytes.chunks_exact(16);
    for chunk in &mut chunks {
        if chunk_needs_escape(chunk.try_into().expect("sixteen bytes")) {
            return true;
        }
    }
    // The tail goes through the same vector test, padded with a harmless byte.
    let tail = chunks.remainder();
    let mut padded = [b' '; 16];
    padded[..tail.len()].copy_from_slice(tail);
    chunk_needs_escape(&padded)
}

fn chunk_needs_escape(chunk: &[u8; 16]) -> bool {
    let mut hits = 0u8;
    for &b in chunk {
        hits |= u8::from(b < 0x20) | u8::from(b == b'"') | u8::from(b == b'\\');
    }
    hits != 0
}

/// Appends `s` escaped as JSON string content, the way serde_json escapes it.
fn escape_into(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Almost every string (sentences, sources, names) has nothing to escape: look at eight
    // bytes at a time and copy the string in one piece.
    if !any_needs_escape(bytes) {
        out.extend_from_slice(bytes);
        return;
    }
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !needs_escape(b) {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        escape_into(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_match_serde_json() {
        for s in [
            "plain",
            "",
            "quote \" and backslash \\",
            "line\nbreak\r\ttab",
            "\u{0}\u{1}\u{8}\u{c}\u{1f}\u{7f}",
            "Zürich — Алматы «ok»",
        ] {
            assert_eq!(
                format!("\"{}\"", escaped(s)),
                serde_json::to_string(s).unwrap()
            );
        }
    }

    #[test]
    fn one_byte_to_escape_is_found_in_every_lane() {
        for special in ['"', '\\', '\n', '\u{1f}', '\u{0}'] {
            // 37 characters: two full 16-byte chunks and a remainder.
            let base = "Income exceeded USD 3,000.00 in 2025.";
            for at in 0..base.len() {
                let mut text: Vec<char> = base.chars().collect();
                text[at] = special;
                let text: String = text.into_iter().collect();
                assert!(any_needs_escape(text.as_bytes()), "{text:?}");
                assert_eq!(
                    format!("\"{}\"", escaped(&text)),
                    serde_json::to_string(&text).unwrap()
                );
            }
        }
        assert!(!any_needs_escape(
            "Zürich ~ \u{7f} ÿ plain text, long enough for two chunks".as_bytes()
        ));
    }

    proptest! {
        #[test]
        fn any_string_is_escaped_like_serde_json(s in any::<String>()) {
            prop_assert_eq!(format!("\"{}\"", escaped(&s)), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn strings_full_of_escapes_are_escaped_like_serde_json(
            s in "[a-zé\"\\\\\\x00-\\x1f\\x7f]{0,40}"
        ) {
            prop_assert_eq!(format!("\"{}\"", escaped(&s)), serde_json::to_string(&s).unwrap());
        }

    }
}
