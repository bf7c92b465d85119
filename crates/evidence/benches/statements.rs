//! Statement import speed, in bytes per second: a generated camt.053, MT940 and OFX (SGML and
//! XML) statement file of a few MB, held in memory and streamed into the `Summary` sink as
//! `neonomad statement` does; camt.053 also collected into an `ImportResult` by `import`.
//!
//! The files are built here (deterministic, no I/O) in the shapes of
//! `scripts/gen-large-statements.py`: consecutive statements of one account that balance, with
//! credits from abroad, card payments, direct debits with `?NN` subfields (MT940) and camt batch
//! entries. The end-to-end comparison with the Python libraries is `scripts/bench-statements.sh`.

use neonomad_evidence::statement::{import_as, read_into, Format, Summary};

fn main() {
    divan::main();
}

/// About this many bytes per generated file.
const SIZE: usize = 4_000_000;

/// A tiny deterministic generator (64-bit LCG), so the files are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// One movement: signed cents, counterparty and text.
struct Movement {
    cents: i64,
    name: &'static str,
    iban: &'static str,
    bic: &'static str,
    text: &'static str,
}

const PARTIES: [(&str, &str, &str, &str); 4] = [
    (
        "Northwind Labs Inc.",
        "GB29NWBK60161331926819",
        "NWBKGB2L",
        "Invoice NW-2025 design retainer",
    ),
    (
        "Stadtwerke München GmbH",
        "DE02701500000000202051",
        "SSKMDEMMXXX",
        "Strom Abschlag Vertrag 4711",
    ),
    (
        "Hausverwaltung Krüger & Söhne",
        "DE11200505501034877120",
        "HASPDEHHXXX",
        "Miete Whg 4 links",
    ),
    (
        "REWE Markt GmbH",
        "DE89370400440532013000",
        "COBADEFFXXX",
        "Kartenzahlung REWE Filiale 123",
    ),
];

fn movement(rng: &mut Lcg) -> Movement {
    let k = rng.below(PARTIES.len() as u64) as usize;
    let (name, iban, bic, text) = PARTIES[k];
    let cents = 100 + rng.below(300_000) as i64;
    Movement {
        cents: if k == 0 { cents } else { -cents },
        name,
        iban,
        bic,
        text,
    }
}

fn amount(cents: i64, separator: char) -> String {
    format!("{}{separator}{:02}", cents.abs() / 100, cents.abs() % 100)
}

fn camt053() -> Vec<u8> {
    let mut rng = Lcg(1);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt>\n<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-01-02T05:30:00</CreDtTm></GrpHdr>\n",
    );
    let mut balance = 1_000_000i64;
    let mut statement = 0;
    while out.len() < SIZE {
        statement += 1;
        let moves: Vec<Movement> = (0..200).map(|_| movement(&mut rng)).collect();
        let opening = balance;
        balance += moves.iter().map(|m| m.cents).sum::<i64>();
        let bal = |code: &str, cents: i64| {
            format!(
                "<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">{}</Amt><CdtDbtInd>{}</CdtDbtInd><Dt><Dt>2025-06-30</Dt></Dt></Bal>\n",
                amount(cents, '.'),
                if cents < 0 { "DBIT" } else { "CRDT" }
            )
        };
        out += &format!(
            "<Stmt>\n  <Id>S{statement}</Id>\n  <Acct><Id><IBAN>DE40200505501288450021</IBAN></Id><Ccy>EUR</Ccy></Acct>\n{}{}",
            bal("OPBD", opening),
            bal("CLBD", balance)
        );
        for (n, m) in moves.iter().enumerate() {
            let (cdi, role, own) = if m.cents > 0 {
                ("CRDT", "Dbtr", "Cdtr")
            } else {
                ("DBIT", "Cdtr", "Dbtr")
            };
            out += &format!(
                "  <Ntry>\n    <NtryRef>{statement}-{n}</NtryRef>\n    <Amt Ccy=\"EUR\">{a}</Amt>\n    <CdtDbtInd>{cdi}</CdtDbtInd>\n    <Sts><Cd>BOOK</Cd></Sts>\n    <BookgDt><Dt>2025-06-{d:02}</Dt></BookgDt>\n    <ValDt><Dt>2025-06-{d:02}</Dt></ValDt>\n    <AcctSvcrRef>R{statement}-{n}</AcctSvcrRef>\n    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>\n    <NtryDtls>\n      <TxDtls>\n        <Refs><EndToEndId>E2E{statement}-{n}</EndToEndId></Refs>\n        <AmtDtls><TxAmt><Amt Ccy=\"EUR\">{a}</Amt></TxAmt></AmtDtls>\n        <RltdPties>\n          <{role}><Pty><Nm>{name}</Nm><PstlAdr><Ctry>{cc}</Ctry></PstlAdr></Pty></{role}>\n          <{role}Acct><Id><IBAN>{iban}</IBAN></Id></{role}Acct>\n          <{own}><Pty><Nm>Anna Schmidt</Nm></Pty></{own}>\n        </RltdPties>\n        <RltdAgts><{role}Agt><FinInstnId><BICFI>{bic}</BICFI></FinInstnId></{role}Agt></RltdAgts>\n        <RmtInf><Ustrd>{text}</Ustrd><Ustrd>EREF+E2E{statement}-{n}</Ustrd></RmtInf>\n      </TxDtls>\n    </NtryDtls>\n    <AddtlNtryInf>{text}</AddtlNtryInf>\n  </Ntry>\n",
                a = amount(m.cents, '.'),
                d = 1 + n % 28,
                name = m.name.replace('&', "&amp;"),
                cc = &m.iban[..2],
                iban = m.iban,
                bic = m.bic,
                text = m.text,
            );
        }
        out += "</Stmt>\n";
    }
    out += "</BkToCstmrStmt>\n</Document>\n";
    out.into_bytes()
}

fn mt940() -> Vec<u8> {
    let mut rng = Lcg(2);
    let mut out = String::new();
    let mut balance = 1_000_000i64;
    let mut statement = 0;
    while out.len() < SIZE {
        statement += 1;
        let moves: Vec<Movement> = (0..50).map(|_| movement(&mut rng)).collect();
        let mark = |cents: i64| if cents < 0 { 'D' } else { 'C' };
        out += &format!(
            ":20:STARTUMS{statement}\r\n:25:20050550/1288450021\r\n:28C:{statement}/1\r\n:60F:{}250601EUR{}\r\n",
            mark(balance),
            amount(balance, ',')
        );
        for (n, m) in moves.iter().enumerate() {
            balance += m.cents;
            out += &format!(
                ":61:2506{d:02}06{d:02}{}{}NTRFE2E{statement}-{n}//R{statement}-{n}\r\n",
                mark(m.cents),
                amount(m.cents, ','),
                d = 1 + n % 28,
            );
            let details = format!(
                "166?00GUTSCHRIFT?109310?20EREF+E2E{statement}-{n}?21SVWZ+{}?30{}?31{}?32{}",
                m.text,
                m.bic,
                m.iban,
                m.name.replace(['ü', '&'], "u")
            );
            // SWIFT lines hold 65 characters: the :86: content continues on the next lines.
            let mut rest = details.as_str();
            let mut first = true;
            while !rest.is_empty() {
                let width = if first { 61 } else { 65 };
                let cut = rest
                    .char_indices()
                    .nth(width)
                    .map_or(rest.len(), |(at, _)| at);
                out += if first { ":86:" } else { "" };
                out += &rest[..cut];
                out += "\r\n";
                rest = &rest[cut..];
                first = false;
            }
        }
        out += &format!(
            ":62F:{}250630EUR{}\r\n-\r\n",
            mark(balance),
            amount(balance, ',')
        );
    }
    out.into_bytes()
}

fn ofx(xml: bool) -> Vec<u8> {
    let mut rng = Lcg(3);
    let mut out = if xml {
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?OFX OFXHEADER=\"200\" VERSION=\"220\" SECURITY=\"NONE\" OLDFILEUID=\"NONE\" NEWFILEUID=\"NONE\"?>\n")
    } else {
        String::from("OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n")
    };
    let value = |tag: &str, text: &str| {
        if xml {
            format!("<{tag}>{text}</{tag}>\n")
        } else {
            format!("<{tag}>{text}\r\n")
        }
    };
    out += "<OFX>\n<SIGNONMSGSRSV1><SONRS><STATUS>";
    out += &value("CODE", "0");
    out += &value("SEVERITY", "INFO");
    out += "</STATUS>";
    out += &value("DTSERVER", "20260102071500");
    out += &value("LANGUAGE", "ENG");
    out += "</SONRS></SIGNONMSGSRSV1>\n<BANKMSGSRSV1>\n";
    let mut balance = 1_000_000i64;
    let mut statement = 0;
    while out.len() < SIZE {
        statement += 1;
        out += "<STMTTRNRS>";
        out += &value("TRNUID", &statement.to_string());
        out += "<STATUS>";
        out += &value("CODE", "0");
        out += &value("SEVERITY", "INFO");
        out += "</STATUS><STMTRS>";
        out += &value("CURDEF", "USD");
        out += "<BANKACCTFROM>";
        out += &value("BANKID", "121000358");
        out += &value("ACCTID", "3141592653");
        out += &value("ACCTTYPE", "CHECKING");
        out += "</BANKACCTFROM><BANKTRANLIST>\n";
        for n in 0..100 {
            let m = movement(&mut rng);
            balance += m.cents;
            out += "<STMTTRN>";
            out += &value("TRNTYPE", if m.cents > 0 { "CREDIT" } else { "DEBIT" });
            out += &value(
                "DTPOSTED",
                &format!("202506{:02}120000.000[-5:EST]", 1 + n % 28),
            );
            let sign = if m.cents < 0 { "-" } else { "" };
            out += &value("TRNAMT", &format!("{sign}{}", amount(m.cents, '.')));
            out += &value("FITID", &format!("{statement}-{n}"));
            out += &value(
                "NAME",
                &m.name.replace(['ü', 'ö'], "u").replace('&', "&amp;"),
            );
            out += &value("MEMO", &m.text.replace('&', "&amp;"));
            out += "</STMTTRN>\n";
        }
        out += "</BANKTRANLIST><LEDGERBAL>";
        let sign = if balance < 0 { "-" } else { "" };
        out += &value("BALAMT", &format!("{sign}{}", amount(balance, '.')));
        out += &value("DTASOF", "20250630235959");
        out += "</LEDGERBAL></STMTRS></STMTTRNRS>\n";
    }
    out += "</BANKMSGSRSV1>\n</OFX>\n";
    out.into_bytes()
}

/// Streams `bytes` into a `Summary`, as the CLI does, and checks that it read something clean.
fn summarise(name: &str, format: Format, bytes: &[u8]) -> usize {
    let mut summary = Summary::new(name, format);
    read_into(name, format, bytes, &mut summary).expect("the generated file is readable");
    assert!(
        summary.diagnostics.is_empty(),
        "{name}: {:?}",
        summary.diagnostics.first()
    );
    summary.transactions
}

fn bench_summary(b: divan::Bencher, name: &str, format: Format, bytes: &[u8]) {
    // Read once outside the timing: a generator mistake fails here, not as a fast empty loop.
    assert!(summarise(name, format, bytes) > 1000);
    b.counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| summarise(name, format, divan::black_box(bytes)));
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn camt053_summary(b: divan::Bencher) {
    bench_summary(b, "bench.xml", Format::Camt053, &camt053());
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn camt053_import_collect(b: divan::Bencher) {
    let bytes = camt053();
    b.counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| {
            import_as("bench.xml", Format::Camt053, divan::black_box(&bytes))
                .map(|r| r.statements.len())
        });
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn mt940_summary(b: divan::Bencher) {
    bench_summary(b, "bench.sta", Format::Mt940, &mt940());
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn ofx_sgml_summary(b: divan::Bencher) {
    bench_summary(b, "bench.ofx", Format::Ofx, &ofx(false));
}

#[divan::bench(sample_count = 20, sample_size = 1)]
fn ofx_xml_summary(b: divan::Bencher) {
    bench_summary(b, "bench.ofx", Format::Ofx, &ofx(true));
}
