#!/usr/bin/env bash
# Measures time and peak memory (maximum RSS) of `neonomad statement` and `neonomad income` on
# generated huge statement files: 1 GiB camt.053 and CSV (streamed at any size), MT940 and OFX
# just under their 256 MiB limit (one statement each, the readers' worst case), and the 1 GiB
# files given to `income` (refused at once). Files go to a temporary directory, removed after.
#
#   cargo build --release -p neonomad-cli
#   scripts/measure-huge-statements.sh            # BIN=path/to/neonomad to choose the binary
#
# Needs python3 and GNU time (/usr/bin/time). Prints one line per run; docs/statements.md
# records the figures with the machine and date.
set -euo pipefail

BIN=${BIN:-${CARGO_TARGET_DIR:-target}/release/neonomad}
[ -x "$BIN" ] || { echo "no neonomad binary at $BIN: build it with cargo build --release -p neonomad-cli" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 1; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

python3 - "$DIR" <<'EOF'
import sys, os
d = sys.argv[1]
GIB, LIMIT = 1 << 30, 256 << 20

def write(name, head, block, tail, size):
    """head, then block repeated while the file stays under size, then tail; returns the count."""
    with open(os.path.join(d, name), "w", encoding="utf-8") as f:
        f.write(head)
        n, written = 0, len(head)
        while written + len(block) + len(tail) <= size:
            f.write(block)
            written += len(block)
            n += 1
        f.write(tail)
    return n

# camt.053: one statement, 1,000 entries per block (credits and debits over twelve months).
entries = []
for i in range(1000):
    credit = i % 3 != 0
    entries.append(
        f'<Ntry><NtryRef>{i}</NtryRef><Amt Ccy="EUR">{100 + i}.{i % 100:02d}</Amt>'
        f'<CdtDbtInd>{"CRDT" if credit else "DBIT"}</CdtDbtInd><Sts>BOOK</Sts>'
        f'<BookgDt><Dt>2025-{i % 12 + 1:02d}-15</Dt></BookgDt><ValDt><Dt>2025-{i % 12 + 1:02d}-15</Dt></ValDt>'
        f'<NtryDtls><TxDtls><Refs><EndToEndId>E2E-{i}</EndToEndId></Refs><RltdPties>'
        f'<{"Dbtr" if credit else "Cdtr"}><Nm>Counterparty {i}</Nm><PstlAdr><Ctry>FR</Ctry></PstlAdr></{"Dbtr" if credit else "Cdtr"}>'
        f'<{"DbtrAcct" if credit else "CdtrAcct"}><Id><IBAN>FR7630006000011234567890189</IBAN></Id></{"DbtrAcct" if credit else "CdtrAcct"}>'
        f'</RltdPties><RmtInf><Ustrd>Invoice {i} for services rendered in the month</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n')
n = write("huge.xml",
          '<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">\n'
          '<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId></GrpHdr>\n<Stmt><Id>HUGE</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n',
          "".join(entries), "</Stmt></BkToCstmrStmt></Document>\n", GIB)
print(f"huge.xml: {n * 1000} entries")

# CSV: 1,000 rows per block.
rows = "".join(f'2025-{i % 12 + 1:02d}-{i % 28 + 1:02d},{"-" if i % 3 == 0 else ""}{100 + i}.{i % 100:02d},EUR,"Counterparty {i}",FR7630006000011234567890189,"Invoice {i}, services"\n' for i in range(1000))
n = write("huge.csv", "Date,Amount,Currency,Counterparty,Counterparty IBAN,Description\n", rows, "", GIB)
print(f"huge.csv: {n * 1000} rows")

# MT940: one statement (the reader keeps a statement's transactions until its closing balance).
lines, total = [], 0
for i in range(1000):
    cents = (100 + i) * 100 + i % 100
    credit = i % 3 != 0
    total += cents if credit else -cents
    lines.append(f":61:2501{i % 28 + 1:02d}01{i % 28 + 1:02d}{'C' if credit else 'D'}{cents // 100},{cents % 100:02d}NTRFNONREF//B{i}\n"
                 f":86:/NAME/Counterparty {i}/IBAN/FR7630006000011234567890189/REMI/Invoice {i}\n")
block = "".join(lines)
head = ":20:HUGE\n:25:DE89370400440532013000\n:28C:1/1\n:60F:C250101EUR0,00\n"
count = (LIMIT - 1024 - len(head)) // len(block)
closing = total * count
mark = "C" if closing >= 0 else "D"
n = write("huge.sta", head, block, f":62F:{mark}250131EUR{abs(closing) // 100},{abs(closing) % 100:02d}\n", LIMIT - 1024)
print(f"huge.sta: {n * 1000} transactions")

# OFX: one statement (the reader keeps a statement's FITIDs to find repeats).
trns = "".join(f"<STMTTRN><TRNTYPE>{'CREDIT' if i % 3 else 'DEBIT'}<DTPOSTED>2025{i % 12 + 1:02d}15<TRNAMT>{'' if i % 3 else '-'}{100 + i}.{i % 100:02d}<FITID>{{n}}-{i}<NAME>Counterparty {i}<MEMO>Invoice {i}</STMTTRN>\n" for i in range(1000))
with open(os.path.join(d, "huge.ofx"), "w") as f:
    head = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\n<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>\n"
    f.write(head)
    written, n = len(head), 0
    while written + len(trns) + 200 < LIMIT - 1024:
        chunk = trns.replace("{n}", str(n))
        f.write(chunk)
        written += len(chunk)
        n += 1
    f.write("</BANKTRANLIST><LEDGERBAL><BALAMT>0.00<DTASOF>20251231</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n")
print(f"huge.ofx: {n * 1000} transactions")
EOF

# measure FILE COMMAND ARGS...: one line with the file size, wall time, max RSS, exit code, the
# first error line and the start of the output.
measure() {
    local file=$1; shift
    local status=0
    /usr/bin/time -f "%e %M" -o "$DIR/time.txt" "$BIN" "$@" > "$DIR/out.txt" 2> "$DIR/err.txt" || status=$?
    local secs kb
    # GNU time writes "Command exited with non-zero status N" first when the command fails.
    read -r secs kb <<< "$(tail -1 "$DIR/time.txt")"
    printf '%-9s %-9s %5s MiB  %7s s  max RSS %5s MiB  exit %s  %s%s\n' "$file" "$1" \
        "$(( $(stat -c %s "$DIR/$file") / 1048576 ))" "$secs" "$(( kb / 1024 ))" "$status" \
        "$(grep -m1 '^neonomad: error' "$DIR/err.txt" | cut -c1-110 || true)" \
        "$(head -c 110 "$DIR/out.txt" | tr '\n' ' ')"
}

cd "$DIR"
echo "$(date -u '+%Y-%m-%d %H:%M UTC')  $(nproc) CPU  $("$BIN" --version 2>/dev/null || echo neonomad)"
for file in huge.xml huge.csv huge.sta huge.ofx; do
    measure "$file" statement "$file" --format json
done
for file in huge.sta huge.ofx huge.xml huge.csv; do
    measure "$file" income "$file" --as-of 2026-01-01 --format json
done
