#!/usr/bin/env bash
# bench/profile.sh: where a cold all-passes run spends its CPU and its
# allocations, per stage (walk, read, prefilter, parse, each pass, output).
#
#   bench/profile.sh [-k DIR] ROOT
#
# Builds bench/cmd/acrbench, runs it once over ROOT (every pass, no cache,
# acrvet's runtime settings) with -cpuprofile, -memprofile and -floor,
# prints acrbench's JSON line (files read and parsed, findings, peak RSS),
# the parse floor (tree-sitter alone parsing once each file the run
# parsed, one thread, measured after the run) against the run's CPU time,
# then the CPU profile and the allocation profile (alloc_space) split by
# stage with bench/profile_stages.py. -k DIR keeps the binary and the profiles in DIR
# for `go tool pprof` (e.g. -top -cum, -http).
set -euo pipefail
keep=
while getopts "k:" opt; do
	case $opt in
	k) keep=$OPTARG ;;
	*) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
root=$(cd "${1:?usage: profile.sh [-k DIR] ROOT}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "$keep" ]; then
	mkdir -p "$keep"
	dir=$(cd "$keep" && pwd)
else
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
fi
(cd "$here/.." && go build -o "$dir/acrbench" ./bench/cmd/acrbench)
(cd "$root" && "$dir/acrbench" -floor -cpuprofile "$dir/cpu.pprof" -memprofile "$dir/mem.pprof" .) | tee "$dir/stats.json"
python3 - "$dir/stats.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print("== parse floor: %d files parsed (%d of them again), tree-sitter alone %.2f s of CPU; the run %.2f s: %.2fx the floor (target <= 1.1)"
      % (s["parsed_py_files"], s.get("repeated_parses", 0), s["floor_ms"] / 1e3, s["cpu_ms"] / 1e3, s["floor_ratio"]))
PY
echo "== CPU by stage (load $(cut -d' ' -f1-3 /proc/loadavg))"
go tool pprof -traces "$dir/acrbench" "$dir/cpu.pprof" 2>/dev/null | python3 "$here/profile_stages.py"
echo "== allocations by stage"
go tool pprof -traces -sample_index=alloc_space "$dir/acrbench" "$dir/mem.pprof" 2>/dev/null | python3 "$here/profile_stages.py"
