//! `neonomad rates import|show` and `--rate-source nbk` as a user runs them: the built binary,
//! a fresh data directory per test (`NEONOMAD_DATA_DIR`), synthetic NBK XML files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo(path: &str) -> String {
    format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
}

/// An empty directory of its own for one test.
fn scratch(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("neonomad-rates-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs neonomad with only the environment the test gives (no data dir of the machine's user).
fn neonomad_with(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_neonomad"));
    cmd.args(args)
        .env("NO_COLOR", "1")
        .env_remove("NEONOMAD_DATA_DIR")
        .env_remove("XDG_DATA_HOME")
        .env_remove("HOME");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn neonomad(data: &Path, args: &[&str]) -> Output {
    neonomad_with(args, &[("NEONOMAD_DATA_DIR", data)])
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_str(&stdout(o)).unwrap()
}

/// One `get_rates.cfm` document; `items` are (code, description, quant). Values are synthetic.
fn daily(date: &str, items: &[(&str, &str, &str)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rates>\n<generator>synthetic</generator>\n\
         <title>Official exchange rates</title>\n<date>{date}</date>\n"
    );
    for (code, description, quant) in items {
        out.push_str(&format!(
            "<item><fullname>ВАЛЮТА</fullname><title>{code}</title><description>{description}</description>\
             <quant>{quant}</quant><index>UP</index><change>0.10</change></item>\n"
        ));
    }
    out.push_str("</rates>\n");
    out
}

/// KZT per USD and per EUR on each income date of examples/anna-schmidt.json, chosen so that
/// EUR/USD is a round number: 1.16, 1.15, 1.15, 1.17, 1.17, 1.17.
const ANNA_DAYS: [(&str, &str, &str); 6] = [
    ("30.09.2025", "500.00", "580.00"),
    ("31.10.2025", "510.00", "586.50"),
    ("28.11.2025", "520.00", "598.00"),
    ("30.12.2025", "505.00", "590.85"),
    ("30.01.2026", "495.00", "579.15"),
    ("27.02.2026", "490.00", "573.30"),
];

/// The six days concatenated into one file, as `cat` of six downloads would make it.
fn anna_xml(dir: &Path) -> PathBuf {
    let text: String = ANNA_DAYS
        .iter()
        .map(|(date, usd, eur)| {
            daily(
                date,
                &[
                    ("USD", usd, "1"),
                    ("EUR", eur, "1"),
                    ("JPY", "340.00", "100"),
                ],
            )
        })
        .collect();
    let path = dir.join("nbk-anna.xml");
    std::fs::write(&path, text).unwrap();
    path
}

fn store(data: &Path) -> PathBuf {
    data.join("rates").join("nbk.csv")
}

/// Names in the rates directory, sorted.
fn rates_dir_listing(data: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(data.join("rates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const ANNA_STORE: &str = "Date,USD,EUR,JPY\n\
    2025-09-30,500.00,580.00,3.4000\n\
    2025-10-31,510.00,586.50,3.4000\n\
    2025-11-28,520.00,598.00,3.4000\n\
    2025-12-30,505.00,590.85,3.4000\n\
    2026-01-30,495.00,579.15,3.4000\n\
    2026-02-27,490.00,573.30,3.4000\n";

#[test]
fn import_writes_the_store_and_reports_what_it_added() {
    let dir = scratch("first-import");
    let data = dir.join("data");
    let file = anna_xml(&dir);
    let out = neonomad(
        &data,
        &[
            "rates",
            "import",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let r = json(&out);
    assert_eq!(r["store"], store(&data).display().to_string());
    assert_eq!(r["files"][0]["days"], 6);
    assert_eq!(r["files"][0]["first"], "2025-09-30");
    assert_eq!(r["files"][0]["last"], "2026-02-27");
    assert_eq!(
        r["files"][0]["currencies"],
        serde_json::json!(["EUR", "JPY", "USD"])
    );
    assert_eq!(r["new_days"].as_array().unwrap().len(), 6);
    assert_eq!(r["added"], 18);
    assert_eq!(r["replaced"], serde_json::json!([]));
    assert_eq!(r["unchanged"], 0);
    assert_eq!(
        r["coverage"],
        serde_json::json!({"first": "2025-09-30", "last": "2026-02-27"})
    );
    assert_eq!(std::fs::read_to_string(store(&data)).unwrap(), ANNA_STORE);
    assert_eq!(rates_dir_listing(&data), ["nbk.csv"]);
}

#[test]
fn import_text_report_for_people() {
    let dir = scratch("import-text");
    let data = dir.join("data");
    let file = anna_xml(&dir);
    let out = neonomad(
        &data,
        &[
            "rates",
            "import",
            file.to_str().unwrap(),
            "--format",
            "text",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out)
        .replace(&data.display().to_string(), "[DATA]")
        .replace(&dir.display().to_string(), "[DIR]");
    insta::assert_snapshot!("rates_import_text", text);
}

#[test]
fn a_second_import_merges_replaces_and_rewrites_the_store_by_rename() {
    let dir = scratch("merge");
    let data = dir.join("data");
    let first = anna_xml(&dir);
    assert_eq!(
        neonomad(&data, &["rates", "import", first.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    // A second name for the store's current file: an in-place rewrite would change it too, a
    // write to a temporary file renamed over the store leaves it as it was.
    let before = dir.join("store-before.csv");
    std::fs::hard_link(store(&data), &before).unwrap();

    let correction = dir.join("correction.xml");
    std::fs::write(
        &correction,
        [
            daily(
                "27.02.2026",
                &[("USD", "490.00", "1"), ("EUR", "575.00", "1")],
            ),
            daily(
                "02.03.2026",
                &[
                    ("USD", "488.00", "1"),
                    ("EUR", "571.00", "1"),
                    ("GBP", "650.00", "1"),
                ],
            ),
        ]
        .concat(),
    )
    .unwrap();
    let out = neonomad(
        &data,
        &[
            "rates",
            "import",
            correction.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let r = json(&out);
    assert_eq!(r["new_days"], serde_json::json!(["2026-03-02"]));
    assert_eq!(r["added"], 3);
    assert_eq!(r["unchanged"], 1);
    assert_eq!(
        r["replaced"],
        serde_json::json!([{"date": "2026-02-27", "currency": "EUR", "old": "573.30", "new": "575.00"}])
    );
    assert_eq!(r["days"], 7);
    assert_eq!(
        r["currencies"],
        serde_json::json!(["EUR", "GBP", "JPY", "USD"])
    );

    assert_eq!(std::fs::read_to_string(&before).unwrap(), ANNA_STORE);
    let now = std::fs::read_to_string(store(&data)).unwrap();
    assert_eq!(
        now,
        "Date,USD,EUR,GBP,JPY\n\
         2025-09-30,500.00,580.00,N/A,3.4000\n\
         2025-10-31,510.00,586.50,N/A,3.4000\n\
         2025-11-28,520.00,598.00,N/A,3.4000\n\
         2025-12-30,505.00,590.85,N/A,3.4000\n\
         2026-01-30,495.00,579.15,N/A,3.4000\n\
         2026-02-27,490.00,575.00,N/A,3.4000\n\
         2026-03-02,488.00,571.00,650.00,N/A\n"
    );
    assert_eq!(rates_dir_listing(&data), ["nbk.csv"]);

    // Importing the same file again changes no value.
    let again = json(&neonomad(
        &data,
        &[
            "rates",
            "import",
            correction.to_str().unwrap(),
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        (again["added"].clone(), again["unchanged"].clone()),
        (0.into(), 5.into())
    );
    assert_eq!(std::fs::read_to_string(store(&data)).unwrap(), now);
}

#[test]
fn a_bad_file_is_named_and_leaves_the_store_untouched() {
    let dir = scratch("bad-file");
    let data = dir.join("data");
    let good = anna_xml(&dir);
    assert_eq!(
        neonomad(&data, &["rates", "import", good.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let bad = dir.join("bad.xml");
    std::fs::write(
        &bad,
        daily(
            "03.03.2026",
            &[("USD", "480.00", "1"), ("EUR", "560,10", "1")],
        ),
    )
    .unwrap();
    // The good file first: nothing of it is stored either when a later file fails.
    let other = dir.join("other.xml");
    std::fs::write(&other, daily("04.03.2026", &[("USD", "481.00", "1")])).unwrap();
    let out = neonomad(
        &data,
        &[
            "rates",
            "import",
            other.to_str().unwrap(),
            bad.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}, line 7, column", bad.display()))
            && err.contains("(<description>): \"560,10\" is not a rate"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(store(&data)).unwrap(), ANNA_STORE);
    assert_eq!(rates_dir_listing(&data), ["nbk.csv"]);

    let out = neonomad(
        &data,
        &["rates", "import", dir.join("missing.xml").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read the NBK rates file"),
        "{}",
        stderr(&out)
    );

    let laughs = dir.join("laughs.xml");
    std::fs::write(
        &laughs,
        "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY a \"aaaa\">]>\n<rates/>",
    )
    .unwrap();
    let out = neonomad(&data, &["rates", "import", laughs.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("line 2, column 1 (XML): a DOCTYPE is not allowed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(store(&data)).unwrap(), ANNA_STORE);
}

#[test]
fn files_of_one_import_that_contradict_each_other_are_refused() {
    let dir = scratch("contradiction");
    let data = dir.join("data");
    let a = dir.join("a.xml");
    let b = dir.join("b.xml");
    std::fs::write(&a, daily("30.09.2025", &[("USD", "500.00", "1")])).unwrap();
    std::fs::write(&b, daily("30.09.2025", &[("USD", "501.00", "1")])).unwrap();
    let out = neonomad(
        &data,
        &["rates", "import", a.to_str().unwrap(), b.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out)
            .contains("USD on 2025-09-30 is 501.00 KZT per unit, but 500.00 in an earlier file"),
        "{}",
        stderr(&out)
    );
    assert!(!store(&data).exists());
}

#[test]
fn the_rss_feed_imports_too() {
    let dir = scratch("rss");
    let data = dir.join("data");
    let feed = dir.join("rates_all.xml");
    std::fs::write(
        &feed,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\
         <title>Official exchange rates</title><link>https://example.invalid</link>\n\
         <item><title>USD</title><pubDate>03.10.2025</pubDate><description>520.00</description><quant>1</quant></item>\n\
         <item><title>KRW</title><pubDate>03.10.2025</pubDate><description>39.00</description><quant>100</quant></item>\n\
         </channel></rss>\n",
    )
    .unwrap();
    let r = json(&neonomad(
        &data,
        &[
            "rates",
            "import",
            feed.to_str().unwrap(),
            "--format",
            "json",
        ],
    ));
    assert_eq!(
        r["coverage"],
        serde_json::json!({"first": "2025-10-03", "last": "2025-10-03"})
    );
    // 0.39 KZT per won / 520 KZT per USD = 0.00075.
    let s = json(&neonomad(
        &data,
        &[
            "rates",
            "show",
            "--source",
            "nbk",
            "--currency",
            "KRW",
            "--date",
            "2025-10-03",
            "--format",
            "json",
        ],
    ));
    assert_eq!(s["rates"][0]["usd_per_unit"], "0.0007500000");
    assert_eq!(s["rates"][0]["published"], "2025-10-03");
}

#[test]
fn assess_with_nbk_rates_converts_through_kzt_and_says_nbk() {
    let dir = scratch("assess");
    let data = dir.join("data");
    let file = anna_xml(&dir);
    assert_eq!(
        neonomad(&data, &["rates", "import", file.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let example = repo("examples/anna-schmidt.json");
    let a = json(&neonomad(
        &data,
        &[
            "assess",
            &example,
            "--rate-source",
            "nbk",
            "--format",
            "json",
        ],
    ));
    assert_eq!(a["outcome"], "eligible");
    assert_eq!(a["income"]["rate_source"], "NBK");
    // EUR 4,100.00 x (KZT per EUR / KZT per USD) on each payment date.
    let months = a["income"]["months"].as_array().unwrap();
    let usd: Vec<&str> = months.iter().map(|m| m["usd"].as_str().unwrap()).collect();
    assert_eq!(
        usd,
        ["4756.00", "4715.00", "4715.00", "4797.00", "4797.00", "4797.00"]
    );
    assert_eq!(months[0]["items"][0]["rate_date"], "2025-09-30");
    assert_eq!(months[0]["items"][0]["rate"], "1.16");

    let text = neonomad(
        &data,
        &[
            "assess",
            &example,
            "--rate-source",
            "nbk",
            "--format",
            "text",
        ],
    );
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    assert!(stdout(&text).contains("NBK"), "{}", stdout(&text));

    // The default is still the ECB.
    let ecb = json(&neonomad(&data, &["assess", &example, "--format", "json"]));
    assert_eq!(ecb["income"]["rate_source"], "ECB");
    assert_eq!(ecb["income"]["months"][0]["usd"], "4813.81");
}

#[test]
fn nbk_without_an_import_exits_2_saying_how_to_import() {
    let dir = scratch("no-store");
    let data = dir.join("data");
    let example = repo("examples/anna-schmidt.json");
    for args in [
        vec!["assess", example.as_str(), "--rate-source", "nbk"],
        vec!["rates", "show", "--source", "nbk"],
    ] {
        let out = neonomad(&data, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("no NBK rates imported yet: run neonomad rates import FILE"),
            "{}",
            stderr(&out)
        );
    }
    // A store with its header alone is as good as none.
    std::fs::create_dir_all(data.join("rates")).unwrap();
    std::fs::write(store(&data), "Date,USD\n").unwrap();
    let out = neonomad(&data, &["assess", &example, "--rate-source", "nbk"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no NBK rates imported yet"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_damaged_store_is_named_with_its_line() {
    let dir = scratch("damaged");
    let data = dir.join("data");
    std::fs::create_dir_all(data.join("rates")).unwrap();
    std::fs::write(
        store(&data),
        "Date,USD,EUR\n2025-09-30,500,580\n2025-10-01,oops,581\n",
    )
    .unwrap();
    let example = repo("examples/anna-schmidt.json");
    let out = neonomad(&data, &["assess", &example, "--rate-source", "nbk"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("the NBK rates store is damaged"), "{err}");
    assert!(
        err.contains(&format!(
            "{}, line 3, column 2 (USD): \"oops\" is not a rate",
            store(&data).display()
        )),
        "{err}"
    );
}

#[test]
fn nbk_rates_and_ecb_shaped_extra_files_do_not_mix() {
    let dir = scratch("mix");
    let data = dir.join("data");
    let file = anna_xml(&dir);
    assert_eq!(
        neonomad(&data, &["rates", "import", file.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let extra = dir.join("kzt.csv");
    std::fs::write(&extra, "Date,KZT\n2026-01-05,520.12\n").unwrap();
    let example = repo("examples/anna-schmidt.json");
    let out = neonomad(
        &data,
        &[
            "assess",
            &example,
            "--rate-source",
            "nbk",
            "--rates",
            extra.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be merged into NBK rates"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn show_gives_usd_rates_with_publication_day_and_source() {
    let dir = scratch("show");
    let data = dir.join("data");
    let file = anna_xml(&dir);
    assert_eq!(
        neonomad(&data, &["rates", "import", file.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );

    // 2025-10-01 has no NBK document: the rate in force since 2025-09-30 applies.
    let s = json(&neonomad(
        &data,
        &[
            "rates",
            "show",
            "--source",
            "nbk",
            "--currency",
            "EUR",
            "--date",
            "2025-10-01",
            "--format",
            "json",
        ],
    ));
    assert_eq!(s["source"], "NBK");
    assert_eq!(s["store"], store(&data).display().to_string());
    assert_eq!(
        s["coverage"],
        serde_json::json!({"first": "2025-09-30", "last": "2026-02-27"})
    );
    assert_eq!(s["days"], 6);
    assert_eq!(
        s["rates"],
        serde_json::json!([{
            "currency": "EUR", "date": "2025-10-01", "usd_per_unit": "1.1600000000",
            "published": "2025-09-30", "source": "NBK official rates (crossed through KZT)"
        }])
    );

    // Every currency on the last day by default; KZT is 1 / (KZT per USD) = 1 / 490.
    let all = json(&neonomad(
        &data,
        &["rates", "show", "--source", "nbk", "--format", "json"],
    ));
    let lines: Vec<(String, String)> = all["rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["currency"].as_str().unwrap().to_owned(),
                l["usd_per_unit"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("EUR".to_owned(), "1.1700000000".to_owned()),
            ("JPY".to_owned(), "0.0069387755".to_owned()),
            ("KZT".to_owned(), "0.0020408163".to_owned()),
        ]
    );

    // The ECB source needs no import.
    let ecb = json(&neonomad(
        &data,
        &[
            "rates",
            "show",
            "--currency",
            "GBP",
            "--date",
            "2025-09-30",
            "--format",
            "json",
        ],
    ));
    assert_eq!(ecb["source"], "ECB");
    assert_eq!(ecb["store"], serde_json::Value::Null);
    assert_eq!(ecb["rates"][0]["usd_per_unit"], "1.3442866957");
    assert_eq!(
        ecb["rates"][0]["source"],
        "ECB euro reference rates (crossed through EUR)"
    );

    // One currency without a rate is a failed question: exit 2 with the reason.
    let out = neonomad(
        &data,
        &[
            "rates",
            "show",
            "--source",
            "nbk",
            "--currency",
            "EUR",
            "--date",
            "2026-03-05",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        v["rates"][0]["error"]
            .as_str()
            .unwrap()
            .contains("neonomad rates import FILE"),
        "{v}"
    );
    let out = neonomad(&data, &["rates", "show", "--currency", "eur"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_data_dir_falls_back_to_xdg_data_home_then_home() {
    let dir = scratch("data-dir");
    let file = anna_xml(&dir);
    let xdg = dir.join("xdg");
    let out = neonomad_with(
        &["rates", "import", file.to_str().unwrap()],
        &[("XDG_DATA_HOME", &xdg)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(xdg.join("neonomad/rates/nbk.csv").is_file());

    let home = dir.join("home");
    // A relative XDG_DATA_HOME is invalid by the XDG specification and ignored.
    let out = neonomad_with(
        &["rates", "import", file.to_str().unwrap()],
        &[
            ("HOME", &home),
            ("XDG_DATA_HOME", Path::new("relative/dir")),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(home.join(".local/share/neonomad/rates/nbk.csv").is_file());

    let out = neonomad_with(&["rates", "import", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("set NEONOMAD_DATA_DIR"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_in_a_legacy_encoding_imports_because_only_ascii_fields_are_read() {
    let dir = scratch("legacy-encoding");
    let data = dir.join("data");
    // "ДОЛЛАР" in windows-1251, which is not UTF-8.
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rates><date>30.09.2025</date>\n<item><fullname>".to_vec();
    bytes.extend_from_slice(&[0xC4, 0xCE, 0xCB, 0xCB, 0xC0, 0xD0]);
    bytes.extend_from_slice(b"</fullname><title>USD</title><description>500.00</description><quant>1</quant></item></rates>\n");
    let file = dir.join("cp1251.xml");
    std::fs::write(&file, bytes).unwrap();
    let r = json(&neonomad(
        &data,
        &[
            "rates",
            "import",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    ));
    assert_eq!(r["added"], 1);
    assert_eq!(
        std::fs::read_to_string(store(&data)).unwrap(),
        "Date,USD\n2025-09-30,500.00\n"
    );
}
