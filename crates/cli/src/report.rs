//! The assessment as a report for people: sections, aligned tables, colour only on a terminal.

use std::fmt::Write as _;

use neonomad_core::Subject;
use neonomad_rules::{Assessment, DocumentStatus, Finding, IncomeReport, Outcome, Status};

use crate::output::Style;

/// Renders the whole assessment.
pub fn render(a: &Assessment, style: Style) -> String {
    let mut out = String::with_capacity(4096);
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "B12-1 \"Neo Nomad\" visa assessment, as of {} ({} application)",
            a.as_of,
            match a.kind {
                neonomad_rules::Kind::Initial => "first",
                neonomad_rules::Kind::Extension => "extension",
            }
        ))
    );
    let _ = writeln!(out, "Outcome: {}", outcome_word(a.outcome, style));
    let failing = a
        .findings
        .iter()
        .filter(|f| f.subject == Subject::Applicant && f.status == Status::Fail)
        .count();
    let missing = a
        .findings
        .iter()
        .filter(|f| f.subject == Subject::Applicant && f.status == Status::Missing)
        .count();
    let missing_docs = a
        .documents
        .iter()
        .filter(|d| d.subject == Subject::Applicant && d.status == DocumentStatus::Missing)
        .count();
    if a.outcome != Outcome::Eligible {
        let _ = writeln!(
            out,
            "         {failing} rule(s) failing, {missing} fact(s) missing, {missing_docs} document(s) missing for the applicant"
        );
    }

    let mut sources: Vec<&str> = Vec::new();
    for f in &a.findings {
        if !sources.contains(&f.source) {
            sources.push(f.source);
        }
    }
    section(&mut out, "Findings: applicant", style);
    findings(
        &mut out,
        a.findings
            .iter()
            .filter(|f| f.subject == Subject::Applicant),
        &sources,
        style,
    );

    income_section(&mut out, &a.income, style);

    section(&mut out, "Visa", style);
    let date =
        |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "unknown".into());
    let rows = vec![
        vec!["start".to_owned(), date(a.visa.start)],
        vec!["end".to_owned(), date(a.visa.end)],
        vec![
            "latest end allowed".to_owned(),
            a.visa
                .latest_end_allowed
                .map(|d| d.to_string())
                .unwrap_or_else(|| "none: no visa is possible with this passport".into()),
        ],
        vec!["entries".to_owned(), a.visa.entries.to_owned()],
        vec![
            "invitation".to_owned(),
            match a.invitation_required {
                Some(true) => "required".to_owned(),
                Some(false) => "not required".to_owned(),
                None => "unknown".to_owned(),
            },
        ],
    ];
    table(&mut out, &rows, &[false, false], 2, style, None);

    section(&mut out, "Fee", style);
    match &a.fee {
        Some(fee) => {
            let _ = writeln!(
                out,
                "  {} MRP x {} KZT = {} KZT (MRP of {})",
                fee.mrp,
                group(fee.mrp_value_kzt as u64),
                style.bold(&group(fee.amount_kzt)),
                fee.year
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  {}",
                style.yellow("unknown: see the fee.consular finding")
            );
        }
    }

    section(
        &mut out,
        "Decision timeline (Kazakhstan business days)",
        style,
    );
    match &a.timeline {
        Some(t) => {
            if let (Some(reg), Some(e), Some(l)) = (
                t.invitation_registered_on,
                t.invitation_ready_earliest,
                t.invitation_ready_latest,
            ) {
                let _ = writeln!(
                    out,
                    "  invitation registered {reg}, ready between {e} and {l}"
                );
            }
            let _ = writeln!(
                out,
                "  decision between {} and {}",
                style.bold(&t.earliest_decision.to_string()),
                style.bold(&t.latest_decision.to_string())
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  {}",
                style.yellow("unknown: see the timeline.decision finding")
            );
        }
    }

    section(&mut out, "Documents", style);
    let mut rows = vec![vec![
        "for".to_owned(),
        "document".to_owned(),
        "status".to_owned(),
        "legalization".to_owned(),
    ]];
    for d in &a.documents {
        rows.push(vec![
            d.subject.to_string(),
            d.id.as_str().to_owned(),
            match d.status {
                DocumentStatus::Provided => "provided".to_owned(),
                DocumentStatus::Missing => "MISSING".to_owned(),
            },
            match d.legalization {
                Some(l) => serde_json::to_value(l)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                None => "unknown".to_owned(),
            },
        ]);
    }
    table(
        &mut out,
        &rows,
        &[false, false, false, false],
        2,
        style,
        Some(2),
    );

    for member in &a.family {
        let subject = Subject::Family(member.index);
        section(
            &mut out,
            &format!(
                "Family member {} ({}): {}",
                subject,
                member.relation.as_str(),
                member.outcome.as_str().to_uppercase()
            ),
            style,
        );
        findings(
            &mut out,
            a.findings.iter().filter(|f| f.subject == subject),
            &sources,
            style,
        );
    }

    section(&mut out, "Sources", style);
    for (n, s) in sources.iter().enumerate() {
        let _ = writeln!(out, "  [{}] {}", n + 1, s);
    }
    out
}

fn group(n: u64) -> String {
    neonomad_core::Amount::from_decimal(n.into()).grouped()
}

fn outcome_word(o: Outcome, style: Style) -> String {
    let w = o.as_str().to_uppercase();
    match o {
        Outcome::Eligible => style.green(&style.bold(&w)),
        Outcome::Incomplete => style.yellow(&style.bold(&w)),
        Outcome::Ineligible => style.red(&style.bold(&w)),
    }
}

fn section(out: &mut String, title: &str, style: Style) {
    let _ = writeln!(out, "\n{}", style.bold(title));
}

fn findings<'a>(
    out: &mut String,
    list: impl Iterator<Item = &'a Finding>,
    sources: &[&str],
    style: Style,
) {
    let list: Vec<&Finding> = list.collect();
    let width = list
        .iter()
        .map(|f| f.rule.as_str().len())
        .max()
        .unwrap_or(0);
    for f in list {
        let mark = match f.status {
            Status::Pass => style.green("pass   "),
            Status::Fail => style.red("FAIL   "),
            Status::Missing => style.yellow("missing"),
        };
        let n = sources
            .iter()
            .position(|s| *s == f.source)
            .map_or(0, |i| i + 1);
        let _ = writeln!(
            out,
            "  {mark}  {:width$}  {} {}",
            f.rule.as_str(),
            f.message,
            style.dim(&format!("[{n}]"))
        );
    }
}

/// Writes rows as an aligned table; `right[i]` right-aligns column i; the first row is a header.
/// `status_col` colours that column's pass/fail/missing words.
fn table(
    out: &mut String,
    rows: &[Vec<String>],
    right: &[bool],
    indent: usize,
    style: Style,
    status_col: Option<usize>,
) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for (n, row) in rows.iter().enumerate() {
        let mut line = " ".repeat(indent);
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c].saturating_sub(cell.chars().count());
            let text = if n > 0 && status_col == Some(c) {
                match cell.as_str() {
                    "pass" | "provided" => style.green(cell),
                    "fail" | "MISSING" => style.red(cell),
                    "missing" => style.yellow(cell),
                    _ => cell.clone(),
                }
            } else if n == 0 && rows.len() > 1 && cols > 2 {
                style.dim(cell)
            } else {
                cell.clone()
            };
            if right.get(c).copied().unwrap_or(false) {
                line.push_str(&" ".repeat(pad));
                line.push_str(&text);
            } else {
                line.push_str(&text);
                if c + 1 < row.len() {
                    line.push_str(&" ".repeat(pad));
                }
            }
            if c + 1 < row.len() {
                line.push_str("  ");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// The income test month by month and each payment with its conversion.
pub fn income_section(out: &mut String, income: &IncomeReport, style: Style) {
    section(
        out,
        &format!(
            "Income ({} rates; each month must exceed USD {})",
            income.rate_source,
            income.threshold_usd.grouped()
        ),
        style,
    );
    let mut rows = vec![vec![
        "month".to_owned(),
        "counted USD".to_owned(),
        "excluded USD".to_owned(),
        "status".to_owned(),
    ]];
    for m in &income.months {
        rows.push(vec![
            m.month.to_string(),
            m.usd.grouped(),
            m.excluded_usd.grouped(),
            m.status.as_str().to_owned(),
        ]);
    }
    table(out, &rows, &[false, true, true, false], 2, style, Some(3));
    let items: Vec<_> = income.months.iter().flat_map(|m| m.items.iter()).collect();
    if items.is_empty() {
        return;
    }
    let with_ids = items.iter().any(|i| i.id.is_some());
    let _ = writeln!(out, "\n  Payments:");
    let mut header = vec![
        "date".to_owned(),
        "amount".to_owned(),
        "rate (USD per unit)".to_owned(),
        "rate date".to_owned(),
        "USD".to_owned(),
        "counted".to_owned(),
    ];
    if with_ids {
        header.push("id".to_owned());
        header.push("description".to_owned());
    }
    let mut rows = vec![header];
    for i in &items {
        let mut row = vec![
            i.date.to_string(),
            format!("{} {}", i.currency, i.amount.grouped()),
            i.rate
                .map(|r| r.normalize().to_string())
                .unwrap_or_else(|| "-".into()),
            i.rate_date
                .map(|d| d.to_string())
                .unwrap_or_else(|| "-".into()),
            i.usd.map(|u| u.grouped()).unwrap_or_else(|| "-".into()),
            match (i.counted, i.reason) {
                (true, _) => "yes".to_owned(),
                (false, Some(r)) => format!("no: {}", r.as_str()),
                (false, None) => "no".to_owned(),
            },
        ];
        if with_ids {
            row.push(i.id.clone().unwrap_or_default());
            row.push(truncate(i.description.as_deref().unwrap_or_default(), 48));
        }
        rows.push(row);
    }
    table(
        out,
        &rows,
        &[false, true, true, false, true, false, false, false],
        4,
        style,
        None,
    );
    for i in items.iter().filter(|i| i.note.is_some()) {
        let _ = writeln!(
            out,
            "    {} {}: {}",
            style.yellow("note"),
            i.date,
            i.note.as_deref().unwrap_or_default()
        );
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max - 1).collect::<String>() + "…"
    }
}
