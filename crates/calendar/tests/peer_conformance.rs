//! Conformance with python-holidays' Kazakhstan calendar for 2022-2026 (shared/peers/calendar):
//! every non-business day, every working weekend day, and the working days of every month.
//!
//! The peer files are read from `shared/peers` beside the repository and never copied into it. If
//! the folder is missing these tests fail: a conformance check that silently passes checks nothing.
//! Where the peer disagrees with our reference facts (shared/reference/facts.md §5), the facts win,
//! and each disagreement is listed below with its reason.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use chrono::{Datelike, Weekday};
use neonomad_calendar::{Calendar, EntryKind};
use neonomad_core::{parse_date, Month, NaiveDate};

const PEERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/peers");

/// Days on which the peer and our facts disagree: (date, what the peer says, what we say, why).
/// Empty today; keep the mechanism so a future disagreement is recorded, not hidden.
const KNOWN_DISAGREEMENTS: &[(&str, &str, &str, &str)] = &[];

fn peer_file(name: &str) -> String {
    let path = PathBuf::from(PEERS).join("calendar").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "peer conformance data missing: cannot read {} ({err}); the shared/peers folder must sit \
             beside the repository (../shared/peers)",
            path.display()
        )
    })
}

struct PeerDay {
    date: NaiveDate,
    name: String,
    kind: String,
}

fn peer_days() -> Vec<PeerDay> {
    let text = peer_file("kz_holidays_2022_2026.csv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("date,weekday,year,name,kind,note"),
        "unexpected header in kz_holidays_2022_2026.csv"
    );
    lines
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let cols: Vec<&str> = line.splitn(6, ',').collect();
            assert!(
                cols.len() >= 5,
                "kz_holidays_2022_2026.csv line {}: {line:?}",
                i + 2
            );
            let date = parse_date(cols[0])
                .unwrap_or_else(|e| panic!("kz_holidays_2022_2026.csv line {}: {e}", i + 2));
            PeerDay {
                date,
                name: cols[3].to_owned(),
                kind: cols[4].to_owned(),
            }
        })
        .collect()
}

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn all_days(from: &str, to: &str) -> impl Iterator<Item = NaiveDate> {
    let (mut day, end) = (d(from), d(to));
    std::iter::from_fn(move || {
        (day <= end).then(|| {
            let today = day;
            day = day.succ_opt().unwrap();
            today
        })
    })
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[test]
fn the_peer_folder_is_present() {
    assert!(
        PathBuf::from(PEERS).join("calendar").is_dir(),
        "{PEERS}/calendar is missing: peer conformance cannot run"
    );
}

#[test]
fn every_day_2022_to_2026_is_a_business_day_exactly_when_the_peer_says_so() {
    let peer = peer_days();
    let kinds: BTreeSet<&str> = peer.iter().map(|p| p.kind.as_str()).collect();
    let known = [
        "holiday",
        "holiday_religious_no_transfer",
        "observed_day_off",
        "substituted_day_off",
        "working_day",
    ];
    assert!(
        kinds.iter().all(|k| known.contains(k)),
        "peer file has a kind this test does not know: {kinds:?}"
    );
    let peer_off: BTreeSet<NaiveDate> = peer
        .iter()
        .filter(|p| p.kind != "working_day")
        .map(|p| p.date)
        .collect();
    let peer_worked_weekend: BTreeSet<NaiveDate> = peer
        .iter()
        .filter(|p| p.kind == "working_day")
        .map(|p| p.date)
        .collect();

    let cal = Calendar::bundled();
    let mut disagreements = Vec::new();
    for day in all_days("2022-01-01", "2026-12-31") {
        let peer_business =
            !peer_off.contains(&day) && (!is_weekend(day) || peer_worked_weekend.contains(&day));
        let ours = cal.is_business_day(day).unwrap();
        if ours != peer_business {
            disagreements.push(day.to_string());
        }
    }
    let expected: Vec<String> = KNOWN_DISAGREEMENTS.iter().map(|k| k.0.to_owned()).collect();
    assert_eq!(
        disagreements, expected,
        "business-day disagreements with python-holidays"
    );
}

#[test]
fn every_working_weekend_day_of_the_peer_is_a_decree_working_day_here() {
    let cal = Calendar::bundled();
    let peer_worked: Vec<NaiveDate> = peer_days()
        .into_iter()
        .filter(|p| p.kind == "working_day")
        .map(|p| p.date)
        .collect();
    assert_eq!(
        peer_worked.len(),
        6,
        "peer lists 6 working weekend days for 2022-2026"
    );
    let ours: Vec<NaiveDate> = (2022..=2026)
        .flat_map(|y| cal.entries(y).unwrap())
        .filter(|e| e.kind == EntryKind::WorkingDay)
        .map(|e| e.date)
        .collect();
    assert_eq!(ours, peer_worked);
    for day in &peer_worked {
        assert!(is_weekend(*day), "{day} is not a weekend day");
        assert!(
            cal.is_business_day(*day).unwrap(),
            "{day} should be a business day"
        );
    }
}

#[test]
fn entries_match_the_peer_listing_kind_for_kind() {
    let cal = Calendar::bundled();
    let peer_kind = |k: &str| match k {
        "holiday" | "holiday_religious_no_transfer" => EntryKind::Holiday,
        "observed_day_off" | "substituted_day_off" => EntryKind::MovedDayOff,
        "working_day" => EntryKind::WorkingDay,
        other => panic!("unknown peer kind {other:?}"),
    };
    let peer: Vec<(NaiveDate, EntryKind)> = peer_days()
        .iter()
        .map(|p| (p.date, peer_kind(&p.kind)))
        .collect();
    let ours: Vec<(NaiveDate, EntryKind)> = (2022..=2026)
        .flat_map(|y| cal.entries(y).unwrap())
        .map(|e| (e.date, e.kind))
        .collect();
    assert_eq!(ours, peer);
}

#[test]
fn names_differ_only_in_wording() {
    // Spot checks that the same day means the same thing; the peer's English names differ
    // ("Nowruz Holiday", "Eid al-Adha", "Kazakhstan's People Solidarity Holiday").
    let cal = Calendar::bundled();
    let ours = |s: &str| cal.day_off_reason(d(s)).unwrap().unwrap();
    let peer: BTreeMap<NaiveDate, String> =
        peer_days().into_iter().map(|p| (p.date, p.name)).collect();
    let pairs = [
        ("2024-03-21", "Nowruz Holiday", "Nauryz"),
        ("2024-06-16", "Eid al-Adha", "Kurban Ait"),
        (
            "2025-09-01",
            "Constitution Day (observed)",
            "Constitution Day (moved off Saturday 2025-08-30)",
        ),
        (
            "2025-01-03",
            "Day off (substituted from 01/05/2025)",
            "day off moved by decree from 2025-01-05 (adilet G24G0000436)",
        ),
        // The peer still marks 2026 Kurban Ait as estimated; our date is confirmed by the 2026
        // official calendar (facts.md §5.3), so our name has no "(estimated)".
        ("2026-05-27", "Eid al-Adha (estimated)", "Kurban Ait"),
    ];
    for (date, peer_name, our_name) in pairs {
        assert_eq!(peer[&d(date)], peer_name, "peer name of {date}");
        assert_eq!(ours(date), our_name, "our name of {date}");
    }
}

#[test]
fn constitution_day_2026_is_cancelled_in_both() {
    // facts.md §5.2: the new Constitution (referendum 15 Mar 2026) cancelled 30 Aug 2026, so there
    // is no 31 Aug 2026 day off. Pre-referendum calendars (egov) still show one; the peer snapshot
    // (python-holidays #3690) already agrees with the facts. Asserted explicitly because this is the
    // day where a stale source would differ.
    let peer = peer_days();
    for day in ["2026-08-30", "2026-08-31"] {
        assert!(!peer.iter().any(|p| p.date == d(day)), "peer lists {day}");
    }
    let cal = Calendar::bundled();
    assert!(cal.is_business_day(d("2026-08-31")).unwrap());
    assert_eq!(
        cal.day_off_reason(d("2026-08-30")).unwrap().as_deref(),
        Some("Sunday")
    );
}

#[test]
fn working_days_per_month_2024_to_2026_match_the_peer() {
    let text = peer_file("kz_working_days_per_month_2024_2026.csv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("year,month,calendar_days,working_days_5day_week,days_off"),
        "unexpected header in kz_working_days_per_month_2024_2026.csv"
    );
    let cal = Calendar::bundled();
    let mut rows = 0;
    for (i, line) in lines.enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = || format!("kz_working_days_per_month_2024_2026.csv line {}", i + 2);
        let cols: Vec<&str> = line.split(',').collect();
        assert_eq!(cols.len(), 5, "{}: {line:?}", at());
        let num = |s: &str| {
            s.parse::<u32>()
                .unwrap_or_else(|e| panic!("{}: {s:?}: {e}", at()))
        };
        let year: i32 = cols[0].parse().unwrap_or_else(|e| panic!("{}: {e}", at()));
        let (first, last) = if cols[1] == "total" {
            (d(&format!("{year}-01-01")), d(&format!("{year}-12-31")))
        } else {
            let month = Month::new(year, num(cols[1])).unwrap_or_else(|| panic!("{}", at()));
            (month.first_day(), month.last_day())
        };
        let calendar_days = (last - first).num_days() as u32 + 1;
        // business_days_between counts (from, to]; start from the day before the period, which
        // for January 2024 is in covered 2023.
        let working = cal
            .business_days_between(first.pred_opt().unwrap(), last)
            .unwrap();
        assert_eq!(calendar_days, num(cols[2]), "{}: calendar days", at());
        assert_eq!(
            working,
            num(cols[3]),
            "{}: working days of {year}-{}",
            at(),
            cols[1]
        );
        assert_eq!(calendar_days - working, num(cols[4]), "{}: days off", at());
        rows += 1;
    }
    assert_eq!(rows, 39, "3 years x (12 months + total)");
}
