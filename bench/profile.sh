#!/usr/bin/env bash
# bench/profile.sh: where a cold all-passes run spends its CPU and its
# allocations, per stage (walk, read, prefilter, parse, each pass, output).
#
#   bench/profile.sh [-k DIR] ROOT
#
# Builds bench/cmd/acrbench, runs it once over ROOT (every pass, no cache,
# acrvet's runtime settings) with -cpuprofile and -memprofile, prints
# acrbench's JSON line (files read and parsed, findings, peak RSS), then the
# CPU profile and the allocation profile (alloc_space) split by stage with
# bench/profile_stages.py. -k DIR keeps the binary and the profiles in DIR
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
(cd "$root" && "$dir/acrbench" -cpuprofile "$dir/cpu.pprof" -memprofile "$dir/mem.pprof" .)
echo "== CPU by stage (load $(cut -d' ' -f1-3 /proc/loadavg))"
go tool pprof -traces "$dir/acrbench" "$dir/cpu.pprof" 2>/dev/null | python3 "$here/profile_stages.py"
echo "== allocations by stage"
go tool pprof -traces -sample_index=alloc_space "$dir/acrbench" "$dir/mem.pprof" 2>/dev/null | python3 "$here/profile_stages.py"
