#!/usr/bin/env bash
# Statement import speed: neonomad against the Python libraries a user would otherwise reach for
# (mt-940, ofxparse, pycamt), on the same generated files, in one run.
#
#   scripts/bench-statements.sh              # PY_MB=10 OFX_MB=2 BIG_MB=100 REPS=3 CORE=0
#   PY_MB=5 REPS=5 scripts/bench-statements.sh
#   MRZ=1 scripts/bench-statements.sh         # also the MRZ divan bench, pinned to CORE
#
# What it does:
#   1. a venv under $WORK (default ~/.cache/neonomad-bench-statements) with pinned mt-940,
#      ofxparse and pycamt from PyPI (and their pinned dependencies);
#   2. `cargo build --release -p neonomad-cli` (honours CARGO_TARGET_DIR);
#   3. scripts/gen-large-statements.py writes camt.053 (001.08), MT940, OFX 1.x SGML and OFX 2.x
#      XML files of PY_MB megabytes (OFX: OFX_MB, as ofxparse slows down faster than the file
#      grows: 0.9 s for 0.3 MB, 175 s and 530 MB of memory for 10 MB), kept in $WORK/data and
#      rewritten when the generator changes; and the same four of BIG_MB megabytes for neonomad
#      alone;
#   4. after all files are written and flushed (`sync`), each command REPS times pinned to core
#      CORE, neonomad and the library taking turns (`taskset` on a small runner,
#      scripts/bench-statements/run_timed.py, which times the command alone: wall, user and sys in
#      microseconds), plus one untimed run under GNU time for its max RSS:
#      `neonomad statement FILE --format json > /dev/null` and a short Python script per library
#      (scripts/bench-statements/parse_*.py) that parses the file and walks every transaction.
#      The transaction counts of neonomad and the library must agree, or the run stops: both
#      read the same file the same way.
#   5. prints a Markdown table: median and best wall time, MB/s, max RSS, and the ratio
#      library/neonomad, both by process wall time and by the library's in-process time
#      (interpreter start-up and imports excluded: the conservative ratio).
#
# Raw runs go to $WORK/results-<UTC time>.tsv; the table to stdout and $WORK/results-<time>.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY_MB=${PY_MB:-10}
OFX_MB=${OFX_MB:-2}
BIG_MB=${BIG_MB:-100}
REPS=${REPS:-3}
CORE=${CORE:-0}
MRZ=${MRZ:-0}
WORK=${WORK:-${XDG_CACHE_HOME:-$HOME/.cache}/neonomad-bench-statements}
VENV=$WORK/venv
DATA=$WORK/data
PINS=(mt-940==5.1.1 ofxparse==0.21 pycamt==1.1.1
      beautifulsoup4==4.15.0 soupsieve==4.1.3 lxml==6.1.3 six==1.17.0 typing_extensions==4.16.0)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RAW=$WORK/results-$STAMP.tsv
mkdir -p "$WORK" "$DATA"

say() { printf '== %s\n' "$*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
    say "installing GNU time (for max RSS)"
    apt-get install -y time >/dev/null
fi
command -v taskset >/dev/null || { echo "taskset (util-linux) is needed" >&2; exit 1; }

say "venv $VENV: ${PINS[*]}"
[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "${PINS[@]}"

say "building neonomad (release)"
(cd "$ROOT" && cargo build --release --quiet -p neonomad-cli)
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/neonomad
[[ -x $BIN ]] || { echo "no binary at $BIN" >&2; exit 1; }

# Files are named after the generator's hash, so a changed generator writes them anew.
GEN=$ROOT/scripts/gen-large-statements.py
GEN_HASH=$(sha256sum "$GEN" | cut -c1-12)
file_for() { # FORMAT MB -> path (written if missing)
    local ext
    case $1 in camt053) ext=xml ;; mt940) ext=sta ;; *) ext=ofx ;; esac
    local path=$DATA/$1-$2mb-$GEN_HASH.$ext
    if [[ ! -s $path ]]; then
        say "generating $path"
        python3 "$GEN" --format "$1" --mb "$2" --out "$path.tmp" && mv "$path.tmp" "$path"
    fi
    printf '%s' "$path"
}

printf 'format\tmb\ttool\trun\twall_s\tuser_s\tsys_s\tmax_rss_kb\ttransactions\tinproc_s\n' > "$RAW"
TIMES=$(mktemp)
OUT=$(mktemp)
trap 'rm -f "$TIMES" "$OUT"' EXIT

# command TOOL FILE: sets CMD to the command that imports FILE with TOOL.
command_for() {
    case $1 in
        neonomad) CMD=("$BIN" statement "$2" --format json) ;;
        *) CMD=("$VENV/bin/python" "$ROOT/scripts/bench-statements/parse_$1.py" "$2") ;;
    esac
}

# rss TOOL FILE: max RSS (KB) of one untimed run, which also warms the caches. From GNU time:
# the runner's rusage would report the Python runner's own 14 MB for any smaller child (the
# high-water mark survives fork and exec).
rss() {
    command_for "$1" "$2"
    /usr/bin/time -f '%M' -o "$TIMES" taskset -c "$CORE" "${CMD[@]}" > "$OUT"
    tail -n 1 "$TIMES"
}

# timed FORMAT MB TOOL FILE RUN RSS: one timed run of TOOL on FILE, appended to $RAW.
timed() {
    local format=$1 mb=$2 tool=$3 file=$4 r=$5 rss=$6
    command_for "$tool" "$file"
    # Wall and CPU time (microseconds) of the command alone, from the pinned runner's wait4:
    # no GNU time or taskset start-up inside the bracket, which was several milliseconds of
    # neonomad's 30-50 ms on the 10 MB files.
    local wall user sys txs inproc _
    taskset -c "$CORE" python3 "$ROOT/scripts/bench-statements/run_timed.py" "$OUT" "${CMD[@]}" > "$TIMES"
    read -r wall user sys _ < "$TIMES"
    if [[ $tool == neonomad ]]; then
        # Counted outside the timed run: one JSON object per file, `transactions` per file.
        txs=$(python3 -c 'import json,sys; print(sum(json.loads(l)["transactions"] for l in open(sys.argv[1])))' "$OUT")
        inproc=
    else
        txs=$(sed -n 's/.*transactions=\([0-9]*\).*/\1/p' "$OUT")
        inproc=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$OUT")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
        "$format" "$mb" "$tool" "$r" "$wall" "$user" "$sys" "$rss" "$txs" "$inproc" >> "$RAW"
    say "$format ${mb}MB $tool run $r: ${wall}s wall, ${rss}KB, $txs transactions"
}

# All files are written (and flushed to disk) before anything is timed: a file written just
# before its runs had the kernel writing it back during them, and those runs of neonomad took
# up to 40 % longer than the later ones.
PAIRS=(camt053:pycamt mt940:mt940 ofx-sgml:ofxparse ofx-xml:ofxparse)
declare -A SMALL BIG
for pair in "${PAIRS[@]}"; do
    format=${pair%%:*}
    mb=$PY_MB
    [[ $format == ofx-* ]] && mb=$OFX_MB
    SMALL[$format]=$(file_for "$format" "$mb")
    BIG[$format]=$(file_for "$format" "$BIG_MB")
done
sync

say "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
for pair in "${PAIRS[@]}"; do
    format=${pair%%:*} lib=${pair##*:}
    mb=$PY_MB
    [[ $format == ofx-* ]] && mb=$OFX_MB
    small=${SMALL[$format]} big=${BIG[$format]}
    # neonomad and the library take turns, so that a slower or faster spell of this shared
    # host falls on both and not on one side of the ratio.
    mine=$(rss neonomad "$small")
    theirs=$(rss "$lib" "$small")
    for r in $(seq "$REPS"); do
        timed "$format" "$mb" neonomad "$small" "$r" "$mine"
        timed "$format" "$mb" "$lib" "$small" "$r" "$theirs"
    done
    mine=$(rss neonomad "$big")
    for r in $(seq "$REPS"); do
        timed "$format" "$BIG_MB" neonomad "$big" "$r" "$mine"
    done
done

if [[ $MRZ == 1 ]]; then
    say "MRZ divan bench on core $CORE"
    (cd "$ROOT" && cargo bench --quiet -p neonomad-evidence --bench mrz --no-run)
    (cd "$ROOT" && taskset -c "$CORE" cargo bench -p neonomad-evidence --bench mrz) | tee "$WORK/mrz-$STAMP.txt"
fi

# The table: medians per (format, size, tool), file sizes from the files themselves.
python3 - "$RAW" "$DATA" "$GEN_HASH" "$BIN" "$CORE" "$REPS" <<'PY' | tee "$WORK/results-$STAMP.md"
import csv, os, statistics, subprocess, sys, datetime
raw, data, gen_hash, binary, core, reps = sys.argv[1:]
rows = list(csv.DictReader(open(raw), delimiter="\t"))
groups = {}
for r in rows:
    groups.setdefault((r["format"], r["mb"], r["tool"]), []).append(r)
ext = {"camt053": "xml", "mt940": "sta", "ofx-sgml": "ofx", "ofx-xml": "ofx"}

def size(fmt, mb):
    return os.path.getsize(os.path.join(data, "%s-%smb-%s.%s" % (fmt, mb, gen_hash, ext[fmt]))) / 1e6

def med(runs, key):
    return statistics.median(float(r[key]) for r in runs)

print("run %s UTC, %s runs each pinned to core %s, binary %s" % (
    datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"), reps, core, binary))
print()
print("| format | file MB | tool | transactions | median wall s | best wall s | MB/s (median) | user+sys s (median) | in-process s (median) | max RSS MB |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
problems = []
for (fmt, mb, tool), runs in groups.items():
    mbytes = size(fmt, mb)
    counts = {r["transactions"] for r in runs}
    wall = med(runs, "wall_s")
    cpu = statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in runs)
    best = min(float(r["wall_s"]) for r in runs)
    inproc = med(runs, "inproc_s") if runs[0]["inproc_s"] else None
    rss = max(int(r["max_rss_kb"]) for r in runs) / 1024
    print("| %s | %.1f | %s | %s | %.3f | %.3f | %.1f | %.3f | %s | %.1f |" % (
        fmt, mbytes, tool, "/".join(sorted(counts)), wall, best, mbytes / wall, cpu,
        "%.3f" % inproc if inproc is not None else "", rss))
print()
print("| format | file MB | library | library / neonomad, wall | by library in-process time | by CPU time | goal ≥ 50× |")
print("| --- | ---: | --- | ---: | ---: | ---: | --- |")
for (fmt, mb, tool), runs in groups.items():
    if tool == "neonomad":
        continue
    mine = groups[(fmt, mb, "neonomad")]
    if {r["transactions"] for r in mine} != {r["transactions"] for r in runs}:
        problems.append("%s: neonomad and %s counted different transactions" % (fmt, tool))
    nw = med(mine, "wall_s")
    ncpu = statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in mine)
    lw, li = med(runs, "wall_s"), med(runs, "inproc_s")
    lcpu = statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in runs)
    ncpu = max(ncpu, 1e-6)
    worst = min(lw / nw, li / nw, lcpu / ncpu)
    print("| %s | %.1f | %s | %.1f× | %.1f× | %.1f× | %s |" % (
        fmt, size(fmt, mb), tool, lw / nw, li / nw, lcpu / ncpu,
        "met" if worst >= 50 else "**not met** (%.1f×)" % worst))
compared = {(k[0], k[1]) for k in groups if k[2] != "neonomad"}
big = [k for k in groups if k[0] == "camt053" and k[2] == "neonomad" and (k[0], k[1]) not in compared]
for key in big:
    runs = groups[key]
    mbps = size(key[0], key[1]) / med(runs, "wall_s")
    print()
    print("camt.053 %s MB: %.1f MB/s by median wall time (goal ≥ 200 MB/s: %s), max RSS %.1f MB" % (
        key[1], mbps, "met" if mbps >= 200 else "**not met**",
        max(int(r["max_rss_kb"]) for r in runs) / 1024))
for p in problems:
    print("\nERROR:", p)
sys.exit(1 if problems else 0)
PY
say "raw runs: $RAW"
