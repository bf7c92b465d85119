#!/usr/bin/env bash
# End-to-end speed of `neonomad assess --batch`, against `jq -c .` re-printing the same input.
#
#   scripts/bench-batch.sh [N]          N applications (default 200000)
#
# In one run it: generates N varied applications (scripts/gen-batch.py, deterministic), builds the
# release binary, checks the batch answers every line, then times `jq -c . in.jsonl > /dev/null`
# and `neonomad assess --batch in.jsonl > /dev/null`, both pinned to the same core with taskset,
# REPS times each (hyperfine when installed, else /usr/bin/time and `date +%s.%N`). It prints
# assessments per second, input MB/s, the time ratio neonomad/jq, and the peak memory (max RSS)
# of the batch at N and 4N lines, which must stay flat because the batch streams.
#
# Environment: REPS (default 5), CORE (default 0), WORK (default /tmp/neonomad-bench; the input
# files are kept there and reused), NEONOMAD (a prebuilt binary: skips the build), CARGO_TARGET_DIR,
# NO_HYPERFINE=1 (use the fallback timer even when hyperfine is installed).
# The machine is shared: the load average is printed before and after, and CPU time (user+sys)
# is reported beside wall time because it is less disturbed by other processes.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-200000}
REPS=${REPS:-5}
CORE=${CORE:-0}
WORK=${WORK:-/tmp/neonomad-bench}
SEED=12

die() { echo "bench-batch: $*" >&2; exit 1; }
[[ $N =~ ^[1-9][0-9]*$ ]] || die "N must be a positive integer, got '$N'"
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer, got '$REPS'"
for tool in jq python3 taskset; do
  command -v "$tool" >/dev/null || die "$tool is required (apt-get install -y $tool)"
done
HAVE_HYPERFINE=0
[[ -z ${NO_HYPERFINE:-} ]] && command -v hyperfine >/dev/null && HAVE_HYPERFINE=1
GNU_TIME=/usr/bin/time
[[ -x $GNU_TIME ]] || die "/usr/bin/time (GNU time) is required for CPU time and max RSS (apt-get install -y time)"

mkdir -p "$WORK"

# --- input -----------------------------------------------------------------------------------
gen() { # count file
  local hash stamp
  hash=$(sha1sum scripts/gen-batch.py | cut -c1-12) # a separate line, so that a failure stops the script
  stamp="$WORK/.gen-$hash-$SEED-$1"
  if [[ ! -f $2 || ! -f $stamp ]]; then
    echo "== generating $1 applications into $2"
    python3 scripts/gen-batch.py --count "$1" --seed "$SEED" --out "$2"
    rm -f "$WORK"/.gen-*-"$1"
    touch "$stamp"
  fi
}
IN="$WORK/batch-$N.jsonl"
IN4="$WORK/batch-$((4 * N)).jsonl"
gen "$N" "$IN"
gen "$((4 * N))" "$IN4"
BYTES=$(stat -c %s "$IN")

# --- binary ----------------------------------------------------------------------------------
if [[ -z ${NEONOMAD:-} ]]; then
  echo "== cargo build --release -p neonomad-cli"
  cargo build --release -p neonomad-cli --quiet
  NEONOMAD="${CARGO_TARGET_DIR:-target}/release/neonomad"
fi
[[ -x $NEONOMAD ]] || die "no executable at $NEONOMAD"

# --- correctness: every line answered, errors named, jq reads every line -----------------------
OUT_CHECK="$WORK/check.jsonl"
set +e
"$NEONOMAD" assess --batch "$IN" >"$OUT_CHECK"
code=$?
set -e
[[ $code == 0 || $code == 2 ]] || die "neonomad assess --batch exited with $code"
lines_out=$(wc -l <"$OUT_CHECK")
[[ $lines_out == "$N" ]] || die "expected $N output lines, got $lines_out"
errors=$(grep -c '^{"error"' "$OUT_CHECK" || true)
assessed=$((N - errors))
jq_lines=$(jq -c . "$IN" | wc -l)
[[ $jq_lines == "$N" ]] || die "jq re-printed $jq_lines of $N lines: the input must be well-formed JSON"
out_bytes=$(stat -c %s "$OUT_CHECK")
eligible=$(grep -c '^{"outcome":"eligible"' "$OUT_CHECK" || true)
rm -f "$OUT_CHECK"

# --- timing ----------------------------------------------------------------------------------
# Each timer prints "wall_median wall_min cpu" in seconds (cpu = user + sys, median or mean).
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

time_plain() { # label command...
  local walls=() cpus=() i start end cpu
  shift
  taskset -c "$CORE" "$@" >/dev/null 2>&1 || true # warm-up: page cache, binary
  for ((i = 0; i < REPS; i++)); do
    start=$(date +%s.%N)
    taskset -c "$CORE" "$GNU_TIME" -f "%U %S" -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
    cpu=$(tail -n 1 "$WORK/time.txt" | awk '{print $1 + $2}')
    end=$(date +%s.%N)
    walls+=("$(awk -v s="$start" -v e="$end" 'BEGIN {print e - s}')")
    cpus+=("$cpu")
  done
  printf '%s\n' "${walls[@]}" | median | tr '\n' ' '
  printf '%s\n' "${walls[@]}" | sort -g | head -n 1 | tr '\n' ' '
  printf '%s\n' "${cpus[@]}" | median
}

time_hyperfine() { # label command...
  local json="$WORK/hyperfine-$1.json"
  shift
  # -i: the batch exits 2 because the input holds invalid lines on purpose.
  hyperfine --style none --warmup 1 --runs "$REPS" -i --export-json "$json" \
    "taskset -c $CORE $(printf '%q ' "$@") > /dev/null" >"$WORK/hyperfine.log" 2>&1 ||
    die "hyperfine failed: $(cat "$WORK/hyperfine.log")"
  jq -r '.results[0] | "\(.median) \(.min) \(.user + .system)"' "$json"
}

timer=time_plain
[[ $HAVE_HYPERFINE == 1 ]] && timer=time_hyperfine

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== timing $REPS runs each on core $CORE with $([[ $HAVE_HYPERFINE == 1 ]] && echo hyperfine || echo 'date +%s.%N and /usr/bin/time')"
read -r jq_wall jq_min jq_cpu < <($timer jq jq -c . "$IN")
read -r nn_wall nn_min nn_cpu < <($timer neonomad "$NEONOMAD" assess --batch "$IN")
echo "== load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

# --- memory ----------------------------------------------------------------------------------
rss_kb() {
  "$GNU_TIME" -f "%M" -o "$WORK/time.txt" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$WORK/time.txt"
}
rss_n=$(rss_kb taskset -c "$CORE" "$NEONOMAD" assess --batch "$IN")
rss_4n=$(rss_kb taskset -c "$CORE" "$NEONOMAD" assess --batch "$IN4")

# --- report ----------------------------------------------------------------------------------
awk -v n="$N" -v assessed="$assessed" -v errors="$errors" -v eligible="$eligible" \
  -v bytes="$BYTES" -v out_bytes="$out_bytes" \
  -v jw="$jq_wall" -v jm="$jq_min" -v jc="$jq_cpu" -v nw="$nn_wall" -v nm="$nn_min" -v nc="$nn_cpu" \
  -v r1="$rss_n" -v r4="$rss_4n" -v reps="$REPS" 'BEGIN {
  printf "\ninput: %d lines, %.1f MB (%d assessed, %d rejected with a line error, %d eligible); output %.1f MB\n",
    n, bytes / 1e6, assessed, errors, eligible, out_bytes / 1e6
  printf "%d runs each          %10s %10s %10s %14s %12s %10s\n", reps, "median s", "min s", "cpu s", "lines/s", "ns/line", "MB/s in"
  printf "jq -c .               %10.3f %10.3f %10.3f %14.0f %12.0f %10.1f\n", jw, jm, jc, n / jw, jw * 1e9 / n, bytes / jw / 1e6
  printf "neonomad assess       %10.3f %10.3f %10.3f %14.0f %12.0f %10.1f\n", nw, nm, nc, n / nw, nw * 1e9 / n, bytes / nw / 1e6
  printf "(lines/s, ns/line and MB/s from the median wall time; cpu = user + sys)\n"
  printf "lines/s:              median wall %.0f   best wall %.0f   cpu %.0f   goal 100000\n", n / nw, n / nm, n / nc
  printf "ratio neonomad/jq:    median wall %.3f   best wall %.3f   cpu %.3f   (below 1 = neonomad faster)\n", nw / jw, nm / jm, nc / jc
  printf "max RSS neonomad:     %d KB at N=%d, %d KB at 4N=%d (4N/N = %.2f)\n", r1, n, r4, 4 * n, r4 / r1
  printf "goal >= 100000/s on one core: %s;  faster than jq: %s\n",
    (n / nw >= 100000 ? "MET (median run)" : (n / nm >= 100000 ? "MET on the best run only, NOT on the median" : "NOT MET")),
    (nw < jw && nc < jc ? "MET" : "NOT MET")
}'
