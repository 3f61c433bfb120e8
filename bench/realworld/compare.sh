#!/usr/bin/env bash
# bench/realworld/compare.sh: acrvet against native ruff and squawk on the
# real-world corpus (issue 22).
#
#   bench/realworld/compare.sh [-n REPS] [-o OUT] [-b BEFORE] [-k] TREES [NAME...]
#
# For each repository NAME (default: prefect onyx polar) exported under
# TREES/<name>/ by export.sh, it runs, alternating within each repetition
# and all from this one process tree, so that a busy neighbour slows every
# tool alike:
#
#   cold   acrvet -cache=off -json ./...    every pass, no cache
#   warm   acrvet -cache DIR -json ./...    every pass, a cache primed by
#                                           one run before the loop, nothing
#                                           changed since
#   ruff   ruff check --select ASYNC --no-cache .   (native, from PyPI)
#   squawk squawk on the repository's .sql files (skipped when it has none;
#          prefect, onyx and polar keep their migrations as Alembic Python)
#
# and prints, per repository and tool, the median of REPS (default 5) wall
# times (process wall, startup included), user+system CPU and peak RSS
# (/usr/bin/time), the load average when the repository's runs started,
# and the ratios cold/ruff and warm/cold. One acrbench run per repository
# (outside the timed runs; checker.Run as acrvet calls it) tells what the
# passes read: files walked, files some pass read, Python files and bytes
# parsed, and the files the kinds and byte triggers skipped, and the parse
# floor: the CPU time tree-sitter alone takes to parse each of the files
# that run parsed once (acrbench -floor), against which acrvet's cold CPU
# time is put (cold/floor; target <= 1.1).
#
# No finding changes: every cold and warm run's JSON diagnostics must equal
# the first cold run's; with -b BEFORE, also those of BEFORE/<name>.json (a
# previous build's report, e.g. written by -o or by run.sh), to check that a
# speed-up kept every finding.
#
# Options:
#
#   -n REPS     repetitions of each timed run (default 5)
#   -o OUT      write OUT/<name>.json (the first cold run's report) and
#               OUT/compare.tsv (the table)
#   -b BEFORE   compare the findings with BEFORE/<name>.json
#   -k          keep the temporary directory (its path is printed)
#
# Peers: RUFF and SQUAWK name the binaries; else the ones python3's pip put
# in its scripts directory, else those on PATH, else they are installed with
# pip into the temporary directory at the versions below. Their versions are
# printed. Needs: go, python3, GNU time (/usr/bin/time).
#
# The exit status is 0 when the findings never changed, 1 when they did,
# 2 on a setup error. Timing targets are reported, not enforced: the
# machine is shared.
set -euo pipefail

ruff_version=0.17.6
squawk_version=2.70.0

reps=5
out=
before=
keep=0
while getopts "n:o:b:k" opt; do
	case $opt in
	n) reps=$OPTARG ;;
	o) out=$OPTARG ;;
	b) before=$OPTARG ;;
	k) keep=1 ;;
	*) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
die() { echo "compare.sh: $*" >&2; exit 2; }
[ $# -ge 1 ] || die "usage: compare.sh [-n REPS] [-o OUT] [-b BEFORE] [-k] TREES [NAME...]"
trees=$(cd "$1" && pwd) || die "no directory $1"
shift
names=("$@")
[ $# -ge 1 ] || names=(prefect onyx polar)
[ -z "$out" ] || { mkdir -p "$out" && out=$(cd "$out" && pwd); }

here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/acr-rw-bench.XXXXXX")
if [ "$keep" = 1 ]; then echo "work directory: $tmp"; else trap 'rm -rf "$tmp"' EXIT; fi
for tool in go python3; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is not installed"

# --- setup -----------------------------------------------------------------

# peer NAME PACKAGE VERSION: the path of a native peer binary. A pyenv shim
# on PATH is a shell script; python3's scripts directory holds the binary.
peer() {
	local scripts
	scripts=$(python3 -c "import sysconfig; print(sysconfig.get_path('scripts'))")
	if [ -x "$scripts/$1" ]; then echo "$scripts/$1"; return; fi
	if command -v "$1" >/dev/null; then command -v "$1"; return; fi
	python3 -m pip install -q --target "$tmp/peers" "$2==$3" >&2 || die "pip install $2 failed"
	echo "$tmp/peers/bin/$1"
}
ruff=${RUFF:-$(peer ruff ruff "$ruff_version")}
squawk=${SQUAWK:-$(peer squawk squawk-cli "$squawk_version")}
(cd "$module" && go build -o "$tmp/acrvet" ./cmd/acrvet && go build -o "$tmp/acrbench" ./bench/cmd/acrbench) ||
	die "go build failed"
echo "acr $(git -C "$module" rev-parse --short HEAD 2>/dev/null || echo '?'), $("$ruff" --version), $("$squawk" --version)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d MB", $2 / 1024}' /proc/meminfo); $reps reps"

# --- helpers ---------------------------------------------------------------

# timed NAME CMD...: runs CMD (stdout to $tmp/NAME.out) and appends to
# $tmp/NAME.runs a line "wall_s cpu_s rss_kb".
timed() {
	local name=$1 t0 t1
	shift
	t0=$(date +%s%N)
	/usr/bin/time -f "%U %S %M" -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || true
	t1=$(date +%s%N)
	tail -1 "$tmp/$name.time" | awk -v a="$t0" -v b="$t1" '{printf "%.3f %.2f %d\n", (b - a) / 1e9, $1 + $2, $3}' >>"$tmp/$name.runs"
}

# med NAME COLUMN: the median of one column of $tmp/NAME.runs.
med() {
	awk -v c="$2" '{print $c}' "$tmp/$1.runs" | sort -g |
		awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.3f", a / b; else print "-"}'; }

# same A B: whether two acrvet JSON reports hold the same diagnostics.
same() {
	python3 - "$1" "$2" <<'PY'
import json, sys
def items(path):
    return sorted(json.dumps(d, sort_keys=True) for d in json.load(open(path))["diagnostics"])
a, b = items(sys.argv[1]), items(sys.argv[2])
if a != b:
    print("    %s: %d findings, %s: %d" % (sys.argv[1], len(a), sys.argv[2], len(b)))
    for x in sorted(set(a) ^ set(b))[:5]:
        print("    differs:", x[:300])
    sys.exit(1)
PY
}

# field JSON KEY: a number of acrbench's one-line JSON.
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

changed=0
table=$tmp/compare.tsv
printf 'repo\tload\tpy_files\tpy_MB\tparsed_files\tparsed_MB\tskipped_files\tfloor_cpu_s\tcold_s\tcold_cpu_s\tcold_rss_MB\twarm_s\twarm_cpu_s\twarm_rss_MB\truff_s\truff_cpu_s\truff_rss_MB\tsql_files\tsquawk_s\tcold/ruff\tcold_cpu/floor\twarm/cold\twarm/cold_cpu\tfindings\n' >"$table"

for name in "${names[@]}"; do
	tree=$trees/$name
	[ -d "$tree" ] || die "$tree missing (run export.sh first)"
	load=$(cut -d' ' -f1 /proc/loadavg)
	echo "== $name (load $(cut -d' ' -f1-3 /proc/loadavg))"
	rm -f "$tmp"/*.runs
	find "$tree" -name '*.sql' -type f | sort >"$tmp/sql.list"
	nsql=$(wc -l <"$tmp/sql.list")
	pyfiles=$(find "$tree" -name '*.py' -type f | wc -l)
	pybytes=$(find "$tree" -name '*.py' -type f -printf '%s\n' | awk '{s += $1} END {print s + 0}')

	# What the passes read: one run outside the timed ones.
	(cd "$tree" && "$tmp/acrbench" -floor .) >"$tmp/stats.json" 2>"$tmp/stats.err" || die "acrbench on $name: $(cat "$tmp/stats.err")"
	files=$(field "$tmp/stats.json" files)
	inputs=$(field "$tmp/stats.json" input_files)
	parsed=$(field "$tmp/stats.json" parsed_py_files)
	parsedb=$(field "$tmp/stats.json" parsed_py_bytes)
	floor=$(awk -v ms="$(field "$tmp/stats.json" floor_ms)" 'BEGIN {printf "%.2f", ms / 1000}')
	repeated=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get('repeated_parses', 0))" "$tmp/stats.json")

	cache=$tmp/cache-$name
	(cd "$tree" && "$tmp/acrvet" -cache "$cache" -json ./... >/dev/null 2>&1) || true
	for i in $(seq "$reps"); do
		(cd "$tree" && timed cold "$tmp/acrvet" -cache=off -json ./...)
		cp "$tmp/cold.out" "$tmp/cold.$i.json"
		(cd "$tree" && timed warm "$tmp/acrvet" -cache "$cache" -json ./...)
		cp "$tmp/warm.out" "$tmp/warm.$i.json"
		(cd "$tree" && timed ruff "$ruff" check --select ASYNC --no-cache --output-format concise .)
		if [ "$nsql" -gt 0 ]; then
			(cd "$tree" && timed squawk xargs -a "$tmp/sql.list" "$squawk" --reporter gcc)
		fi
	done

	findings=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['diagnostics']))" "$tmp/cold.1.json")
	verdict="identical across $((2 * reps)) runs"
	for i in $(seq "$reps"); do
		for kind in cold warm; do
			[ "$kind.$i" = cold.1 ] && continue
			same "$tmp/cold.1.json" "$tmp/$kind.$i.json" || { verdict="CHANGED between runs ($kind run $i)"; changed=1; }
		done
	done
	if [ -n "$before" ] && [ ! -f "$before/$name.json" ]; then
		verdict="$verdict; no $before/$name.json to compare with"
		changed=1
	elif [ -n "$before" ]; then
		if same "$before/$name.json" "$tmp/cold.1.json"; then
			verdict="$verdict and equal to $before/$name.json"
		else
			verdict="$verdict but CHANGED from $before/$name.json"
			changed=1
		fi
	fi
	[ -z "$out" ] || cp "$tmp/cold.1.json" "$out/$name.json"

	cold=$(med cold 1) warm=$(med warm 1) rf=$(med ruff 1)
	sq=-
	[ "$nsql" -gt 0 ] && sq=$(med squawk 1)
	mb() { awk -v k="$1" 'BEGIN {printf "%.0f", k / 1024}'; }
	echo "  files $files; Python $pyfiles files $((pybytes / 1024 / 1024)) MB; a pass read $inputs files, $((files - inputs)) skipped by kinds and byte triggers; parsed $parsed Python files ($((parsedb / 1024 / 1024)) MB, $repeated of them again); parse floor ${floor} s of CPU"
	printf "  %-8s %8s %8s %8s\n" tool "wall s" "cpu s" "RSS MB"
	printf "  %-8s %8s %8s %8s\n" "acr cold" "$cold" "$(med cold 2)" "$(mb "$(med cold 3)")"
	printf "  %-8s %8s %8s %8s\n" "acr warm" "$warm" "$(med warm 2)" "$(mb "$(med warm 3)")"
	printf "  %-8s %8s %8s %8s\n" ruff "$rf" "$(med ruff 2)" "$(mb "$(med ruff 3)")"
	if [ "$nsql" -gt 0 ]; then
		printf "  %-8s %8s %8s %8s   (%d .sql files)\n" squawk "$sq" "$(med squawk 2)" "$(mb "$(med squawk 3)")" "$nsql"
	else
		echo "  squawk   no .sql files"
	fi
	echo "  cold/ruff $(ratio "$cold" "$rf") (target <= 1.0), cold CPU/parse floor $(ratio "$(med cold 2)" "$floor") (target <= 1.1), warm/cold $(ratio "$warm" "$cold") wall, $(ratio "$(med warm 2)" "$(med cold 2)") CPU (target <= 0.03), peak RSS $(mb "$(med cold 3)") MB (target <= 250)"
	echo "  findings: $findings, $verdict"
	printf '%s\t%s\t%s\t%.1f\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$name" "$load" "$pyfiles" "$(awk -v b="$pybytes" 'BEGIN {print b / 1048576}')" "$parsed" "$(awk -v b="$parsedb" 'BEGIN {print b / 1048576}')" "$((files - inputs))" \
		"$floor" "$cold" "$(med cold 2)" "$(mb "$(med cold 3)")" "$warm" "$(med warm 2)" "$(mb "$(med warm 3)")" "$rf" "$(med ruff 2)" "$(mb "$(med ruff 3)")" \
		"$nsql" "$sq" "$(ratio "$cold" "$rf")" "$(ratio "$(med cold 2)" "$floor")" "$(ratio "$warm" "$cold")" "$(ratio "$(med warm 2)" "$(med cold 2)")" "$findings" >>"$table"
done

[ -z "$out" ] || cp "$table" "$out/compare.tsv"
echo "== table"
column -t -s $'\t' "$table"
exit "$changed"
