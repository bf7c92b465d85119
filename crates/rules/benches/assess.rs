//! How fast one application goes through the engine, stage by stage: JSON parsing, the
//! law-dependent checks, the assessment itself and JSON serialization of the result. The
//! batch goal is 100,000 assessments a second on one core, i.e. 10 µs for the whole
//! `pipeline`. Run with `cargo bench -p neonomad-rules --bench assess`; figures and how to
//! read them are in docs/performance.md.
//!
//! The inputs are the repository's own realistic applications: `examples/anna-schmidt.json`
//! and the scenario bases (YAML, turned into the one-line JSON a batch file holds).

use divan::counter::{BytesCount, ItemsCount};
use divan::{black_box, Bencher};
use neonomad_calendar::Calendar;
use neonomad_law::Law;
use neonomad_rates::RateTable;
use neonomad_rules::{assess, Application, Assessment, AssessmentWriter, Context};

/// Counts allocations too (divan prints them per iteration under each timing), around the
/// allocator the `neonomad` binary uses.
#[global_allocator]
static ALLOC: divan::AllocProfiler<mimalloc::MiMalloc> =
    divan::AllocProfiler::new(mimalloc::MiMalloc);

fn main() {
    // The bundled data is parsed on first use; pay for that before any timing starts.
    let ctx = context();
    for name in INPUTS {
        let app = parsed(name);
        assess(&app, &ctx).expect("bench inputs assess");
    }
    divan::main();
}

/// Names of the bench inputs, as divan prints them.
const INPUTS: [&str; 4] = [
    "anna-schmidt",
    "de-family",
    "in-resident-ae",
    "us-freelancer",
];

/// The source text of an input: JSON for the example, YAML for the scenario bases.
fn source(name: &str) -> (&'static str, bool) {
    match name {
        "anna-schmidt" => (include_str!("../../../examples/anna-schmidt.json"), false),
        "de-family" => (
            include_str!("../../../law/scenarios/bases/de-family.yaml"),
            true,
        ),
        "in-resident-ae" => (
            include_str!("../../../law/scenarios/bases/in-resident-ae.yaml"),
            true,
        ),
        "us-freelancer" => (
            include_str!("../../../law/scenarios/bases/us-freelancer.yaml"),
            true,
        ),
        other => panic!("no bench input named {other:?}; known: {INPUTS:?}"),
    }
}

/// The input as one compact JSON line, the shape `assess --batch` reads.
fn json_line(name: &str) -> String {
    let (text, is_yaml) = source(name);
    let value: serde_json::Value = if is_yaml {
        serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{name}: not YAML: {e}"))
    } else {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"))
    };
    value.to_string()
}

fn parsed(name: &str) -> Application {
    let line = json_line(name);
    let app = Application::from_json(&line, name).unwrap_or_else(|e| panic!("{e}"));
    app.check(Law::bundled(), name)
        .unwrap_or_else(|e| panic!("{e}"));
    app
}

fn context() -> Context<'static> {
    Context {
        law: Law::bundled(),
        calendar: Calendar::bundled(),
        rates: RateTable::bundled_ecb(),
    }
}

/// Everything one batch line costs: parse, check, assess, serialize (bytes = input line).
#[divan::bench(args = INPUTS)]
fn pipeline(bencher: Bencher, name: &str) {
    let ctx = context();
    let line = json_line(name);
    bencher
        .counter(ItemsCount::new(1u32))
        .counter(BytesCount::of_str(&line))
        .bench_local(|| {
            let text = black_box(line.as_str());
            let app = Application::from_json(text, "bench").expect("valid input");
            app.check(ctx.law, "bench").expect("valid input");
            let assessment = assess(&app, &ctx).expect("assessable");
            serde_json::to_vec(&assessment).expect("serializable")
        });
}

/// What `neonomad assess --batch` does per line: the pipeline, but parsing with plain serde_json
/// (field paths are only tracked again for a rejected line) and writing with the batch's
/// `AssessmentWriter` (which remembers each rule's fixed text) into a reused buffer.
#[divan::bench(args = INPUTS)]
fn pipeline_batch_path(bencher: Bencher, name: &str) {
    let ctx = context();
    let line = json_line(name);
    let mut out: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut writer = AssessmentWriter::new();
    bencher
        .counter(ItemsCount::new(1u32))
        .counter(BytesCount::of_str(&line))
        .bench_local(|| {
            out.clear();
            let text = black_box(line.as_str());
            let app: Application = serde_json::from_str(text).expect("valid input");
            app.check(ctx.law, "bench").expect("valid input");
            let assessment = assess(&app, &ctx).expect("assessable");
            writer.write(&assessment, &mut out);
            out.len()
        });
}

/// `Application::from_json` alone: the strict parse with field paths in errors.
#[divan::bench(args = INPUTS)]
fn parse(bencher: Bencher, name: &str) {
    let line = json_line(name);
    bencher
        .counter(ItemsCount::new(1u32))
        .counter(BytesCount::of_str(&line))
        .bench_local(|| {
            Application::from_json(black_box(line.as_str()), "bench").expect("valid input")
        });
}

/// Plain `serde_json::from_str` into an `Application`: the same checks, no field paths.
#[divan::bench(args = INPUTS)]
fn parse_plain(bencher: Bencher, name: &str) {
    let line = json_line(name);
    bencher
        .counter(ItemsCount::new(1u32))
        .counter(BytesCount::of_str(&line))
        .bench_local(|| {
            serde_json::from_str::<Application>(black_box(line.as_str())).expect("valid input")
        });
}

/// `Application::check` alone: country, currency and period checks against the law's lists.
#[divan::bench(args = INPUTS)]
fn check(bencher: Bencher, name: &str) {
    let app = parsed(name);
    bencher.counter(ItemsCount::new(1u32)).bench_local(|| {
        black_box(&app)
            .check(Law::bundled(), "bench")
            .expect("valid input")
    });
}

/// `assess` alone: every rule, the income conversion, fee, dates and timeline.
#[divan::bench(args = INPUTS)]
fn assess_only(bencher: Bencher, name: &str) {
    let ctx = context();
    let app = parsed(name);
    bencher
        .counter(ItemsCount::new(1u32))
        .bench_local(|| assess(black_box(&app), &ctx).expect("assessable"));
}

/// Serializing the assessment to compact JSON (bytes = output).
#[divan::bench(args = INPUTS)]
fn serialize(bencher: Bencher, name: &str) {
    let ctx = context();
    let assessment: Assessment = assess(&parsed(name), &ctx).expect("assessable");
    let bytes = serde_json::to_vec(&assessment).expect("serializable").len();
    bencher
        .counter(ItemsCount::new(1u32))
        .counter(BytesCount::new(bytes))
        .bench_local(|| serde_json::to_vec(black_box(&assessment)).expect("serializable"));
}

/// The batch path's writer (`AssessmentWriter`, serde's bytes), warmed up, into a reused buffer.
#[divan::bench(args = INPUTS)]
fn serialize_direct(bencher: Bencher, name: &str) {
    let ctx = context();
    let assessment: Assessment = assess(&parsed(name), &ctx).expect("assessable");
    let mut out: Vec<u8> = Vec::with_capacity(1 << 16);
    let mut writer = AssessmentWriter::new();
    writer.write(&assessment, &mut out);
    let bytes = out.len();
    bencher
        .counter(ItemsCount::new(1u32))
        .counter(BytesCount::new(bytes))
        .bench_local(|| {
            out.clear();
            writer.write(black_box(&assessment), &mut out);
            out.len()
        });
}

/// Dropping an assessment: its strings and lists are freed once per line in a batch too.
#[divan::bench(args = INPUTS)]
fn drop_assessment(bencher: Bencher, name: &str) {
    let ctx = context();
    let app = parsed(name);
    bencher
        .with_inputs(|| assess(&app, &ctx).expect("assessable"))
        .bench_local_values(drop::<Assessment>);
}
