#!/usr/bin/env bash
# Run every fuzz target of the module for a while and print, per target,
# the seconds go test took to run its corpus once before fuzzing (the
# baseline), the executions, executions per second while fuzzing and
# whether it found a failure.
#
#   bench/fuzz.sh                 # 10s per target, one worker
#   bench/fuzz.sh -t 10m          # the long campaign
#   bench/fuzz.sh -t 30s -p 2 Archive   # targets whose name matches Archive
#
# -t is go test's -fuzztime (a duration, or Nx for N executions), -p its
# -parallel (workers; the default 1 keeps a shared machine usable), -m its
# -fuzzminimizetime for each new interesting input (default 100x: go
# test's 60s would stall the worker and hide its rate; a failing input is
# still written, minimized within that budget). A
# failing input is written by go test to PKG/testdata/fuzz/TARGET/, where
# it stays as a regression seed once the bug is fixed: commit it. The
# seeds of each target are its f.Add calls plus those files.
#
# A duration -fuzztime can end with a spurious "context deadline exceeded"
# and no failing input (go.dev/issue/75804, fixed in Go 1.27): a target
# fails only when go test wrote a new input to testdata/fuzz; the race is
# reported as "ok (deadline race)". go test's -timeout is 1h (ACR_FUZZ_TIMEOUT).
set -uo pipefail
cd "$(dirname "$0")/.."

fuzztime=10s
parallel=1
minimize=100x
while getopts "t:p:m:" opt; do
  case $opt in
    t) fuzztime=$OPTARG ;;
    p) parallel=$OPTARG ;;
    m) minimize=$OPTARG ;;
    *) echo "usage: $0 [-t fuzztime] [-p workers] [-m minimizetime] [target-regexp]" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
filter=${1:-.}

# seconds prints the elapsed time of a go test fuzz progress line in
# seconds (0 for none); go test prints it as a Go duration: 59s, 1m0s, 1h0m0s.
seconds() {
  sed -E 's/^fuzz: elapsed: ([0-9hms]+),.*/\1/' <<<"$1" |
    awk '{ s = 0; n = $0; if (match(n, /[0-9]+h/)) s += 3600 * substr(n, RSTART, RLENGTH - 1);
           if (match(n, /[0-9]+m/)) s += 60 * substr(n, RSTART, RLENGTH - 1);
           if (match(n, /[0-9]+s/)) s += substr(n, RSTART, RLENGTH - 1); print s }'
}

log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT
status=0
echo "# fuzztime $fuzztime, $parallel worker(s), load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
printf '%-36s %-28s %9s %12s %10s  %s\n' package target baseline execs execs/s result
while IFS= read -r file; do
  pkg="./$(dirname "$file")"
  for target in $(grep -oE '^func (Fuzz[A-Za-z0-9_]+)\(' "$file" | sed -E 's/^func (Fuzz[A-Za-z0-9_]+)\(/\1/'); do
    [[ $target =~ $filter ]] || continue
    out="$log/$(echo "$pkg" | tr / _)_$target.txt"
    corpus="$pkg/testdata/fuzz/$target"
    before=$(ls "$corpus" 2>/dev/null | wc -l)
    go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -parallel "$parallel" \
      -fuzzminimizetime "$minimize" -timeout "${ACR_FUZZ_TIMEOUT:-1h}" >"$out" 2>&1
    code=$?
    after=$(ls "$corpus" 2>/dev/null | wc -l)
    # The last progress line: "fuzz: elapsed: 10s, execs: 123456 (12345/sec), ..."
    # Before it, go test runs every input of the corpus (the seeds and
    # what earlier runs kept in the build cache) once, one exchange with the
    # worker per input, and reports "gathering baseline coverage: N/N
    # completed, now fuzzing": on a loaded machine that takes tens of
    # seconds for a corpus of a few hundred inputs and counts no
    # executions, so the rate is over the time after it, and the baseline
    # time has a column of its own.
    last=$(grep -E '^fuzz: elapsed: ([0-9]+h)?([0-9]+m)?[0-9]+s, execs: [0-9]+' "$out" | tail -1)
    elapsed=$(seconds "$last")
    baseline=$(seconds "$(grep -E '^fuzz: elapsed: .*now fuzzing' "$out" | tail -1)")
    execs=$(sed -E 's/.*execs: ([0-9]+).*/\1/' <<<"$last")
    rate="-"
    if [[ -n $last ]] && ((elapsed > baseline)); then rate=$((execs / (elapsed - baseline))); fi
    result=ok
    if ((code != 0)) && ((after == before)) && grep -q '^    context deadline exceeded$' "$out" && ! grep -q 'Failing input' "$out"; then
      result="ok (deadline race)"
    elif ((code != 0)); then
      result="FAIL (log: $out)"
      status=1
      trap - EXIT
      tail -40 "$out" >&2
    fi
    printf '%-36s %-28s %8ss %12s %10s  %s\n' "$pkg" "$target" "$baseline" "${execs:--}" "$rate" "$result"
  done
done < <(git ls-files '*_test.go' | xargs grep -l '^func Fuzz' | sort)
exit $status
