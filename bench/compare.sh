#!/usr/bin/env bash
# bench/compare.sh: acr against its peers, side by side, in one run.
#
#   bench/compare.sh [-n REPS] [-N SCALE_REPS] [-s SQL_DIR] [-k] [SECTION...]
#
# It installs the peers from npm into a temporary directory
# (@astral-sh/ruff-wasm-nodejs, squawk-cli), builds acrvet and
# bench/cmd/acrbench (checker.Run with the driver's options, printing what
# each run read, parsed, found and cost in memory), and measures on this
# machine, interleaving the tools' runs so that noise from other users
# hits them alike. It prints medians and ratios, never a single absolute
# time: the machine is shared. Times are process wall times, startup
# included, for acr and its peers alike.
#
# Sections (default: all, in this order):
#
#   ruff   every acr pass, cold (no cache), over the Python standard library
#          (site-packages excluded) vs ruff-wasm with only the ASYNC rules on
#          the same .py files. Target: acr/ruff <= 0.25.
#   warm   acr with the pass cache, nothing changed, vs cold. Target <= 0.05.
#   scale  the stdlib copied 1, 4 and 10 times under different prefixes:
#          time per byte that needs parsing (linear: per-byte time at 10x
#          within 1.25x of 1x), peak RSS at 10x (target <= 200 MB), and the
#          speedup of 2 workers on 2 cores over 1 worker on 1 core (target
#          >= 1.8x, on the 4x corpus).
#   sql    schemadrift vs squawk (native binary of squawk-cli) on the same
#          Postgres migrations. Target: acr/squawk <= 1. The migrations
#          come from -s DIR (or ACR_BENCH_SQL), a checkout of a project with
#          a few hundred raw Postgres migrations; without one the section is
#          skipped.
#   shard  the JSON and SARIF results of 3 shards merge to those of one
#          run, over examples/platform and the stdlib: through checker.Run
#          with Options.Shard (merged as a set, as the driver deduplicates
#          identical findings; the repeats are counted), and through
#          acrvet -shard i/3 and acrvet merge.
#
# Options:
#
#   -n REPS        repetitions of each timed run (default 5)
#   -N SCALE_REPS  repetitions at each scale of the scale section (default 3;
#                  the 2-core speedup pair runs REPS times)
#   -s SQL_DIR     directory of Postgres .sql migrations for the sql section
#   -k             keep the temporary directory (its path is printed)
#
# Needs: go, node and npm, python3, GNU time (/usr/bin/time), taskset
# (optional: without it the 1-worker run uses GOMAXPROCS=1).
# Environment: ACR_BENCH_TMP is where the temporary directory is made
# (default: $TMPDIR or /tmp); the 4x and 10x corpora are hard links (a
# copy where the file system refuses them). Every acr run is cold unless
# the section says otherwise (acrbench has no cache unless asked; acrvet
# runs with -cache=off).
#
# The exit status is 0 when every target of the sections run is met, 1
# otherwise, 2 on a setup error.
set -euo pipefail

reps=5
scale_reps=3
sql_dir=${ACR_BENCH_SQL:-}
keep=0
while getopts "n:N:s:k" opt; do
	case $opt in
	n) reps=$OPTARG ;;
	N) scale_reps=$OPTARG ;;
	s) sql_dir=$OPTARG ;;
	k) keep=1 ;;
	*) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
sections=${*:-ruff warm scale sql shard}

repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${ACR_BENCH_TMP:-${TMPDIR:-/tmp}}/acr-bench.XXXXXX")
if [ "$keep" = 1 ]; then
	echo "work directory: $tmp"
else
	trap 'rm -rf "$tmp"' EXIT
fi

die() { echo "compare.sh: $*" >&2; exit 2; }
for tool in go node npm python3; do
	command -v "$tool" >/dev/null || die "$tool is not installed"
done
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is not installed"

# --- setup -----------------------------------------------------------------

echo "== setup"
(cd "$tmp" && npm install --prefix "$tmp/peers" --no-audit --no-fund --silent \
	@astral-sh/ruff-wasm-nodejs@0.17.4 squawk-cli@2.66.0 >/dev/null) ||
	die "npm install of the peers failed"
squawk=$(ls "$tmp"/peers/node_modules/@squawk-cli/*/bin/squawk 2>/dev/null | head -1)
(cd "$repo" && go build -o "$tmp/acrvet" ./cmd/acrvet && go build -o "$tmp/acrbench" ./bench/cmd/acrbench) ||
	die "go build failed"
stdlib=$(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
find "$stdlib" \( -name site-packages -o -name __pycache__ \) -prune -o -name '*.py' -type f -print |
	sort >"$tmp/py.list"
pybytes=$(tr '\n' '\0' <"$tmp/py.list" | du -cb --files0-from=- | tail -1 | cut -f1)
echo "stdlib: $stdlib: $(wc -l <"$tmp/py.list") .py files, $((pybytes / 1024 / 1024)) MB"
echo "peers: ruff-wasm $(node -p "require('$tmp/peers/node_modules/@astral-sh/ruff-wasm-nodejs/package.json').version"), squawk ${squawk:+$("$squawk" --version | cut -d' ' -f2)}"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $reps reps (scale: $scale_reps)"

# --- helpers ---------------------------------------------------------------

# timed NAME CMD...: runs CMD with stdout to $tmp/NAME.out, appends the
# wall seconds to $tmp/NAME.wall and the peak RSS (KB) to $tmp/NAME.rss.
timed() {
	local name=$1
	shift
	local t0 t1
	t0=$(date +%s%N)
	/usr/bin/time -f "%M" -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || true
	t1=$(date +%s%N)
	awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", (b - a) / 1e9}' >>"$tmp/$name.wall"
	tail -1 "$tmp/$name.time" >>"$tmp/$name.rss"
}

# median FILE: the median of the numbers in FILE, one a line.
median() {
	sort -g "$1" | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

maxof() { sort -g "$1" | tail -1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }

# field JSON KEY: a number field of acrbench's one-line JSON.
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

failed=0
verdict() { # verdict NAME VALUE OP TARGET
	if awk -v v="$2" -v t="$4" "BEGIN {exit !(v $3 t)}"; then
		printf "  %-44s %10s  target %s %s  ok\n" "$1" "$2" "$3" "$4"
	else
		printf "  %-44s %10s  target %s %s  MISSED\n" "$1" "$2" "$3" "$4"
		failed=1
	fi
}

summary=$tmp/summary
: >"$summary"

# --- a. all passes cold vs ruff-wasm ASYNC ----------------------------------

# corpus N: a directory with N copies of the stdlib (hard links), each under
# its own prefix, without site-packages and caches.
corpus() {
	local dir=$tmp/corpus-$1
	if [ ! -d "$dir" ]; then
		for i in $(seq "$1"); do
			mkdir -p "$dir/copy$i"
			for e in "$stdlib"/*; do
				case ${e##*/} in site-packages | __pycache__) continue ;; esac
				cp -al "$e" "$dir/copy$i/" 2>/dev/null || cp -r "$e" "$dir/copy$i/"
			done
		done
	fi
	echo "$dir"
}


if [[ " $sections " == *" ruff "* ]]; then
	echo "== ruff: all acr passes, cold, vs ruff-wasm --select ASYNC, stdlib"
	# acrvet runs on a hard-linked copy: above the stdlib there may be a
	# .git (pyenv) that would make its parent the repository root.
	copy=$(corpus 1)/copy1
	for i in $(seq "$reps"); do
		timed acr "$tmp/acrbench" "$stdlib"
		timed acrvet "$tmp/acrvet" -cache=off -json "$copy/..."
		NODE_PATH=$tmp/peers/node_modules timed ruff node "$repo/bench/ruff_async.js" <"$tmp/py.list"
	done
	acr=$(median "$tmp/acr.wall")
	acrvet=$(median "$tmp/acrvet.wall")
	ruff=$(median "$tmp/ruff.wall")
	echo "  median wall: acrbench ${acr}s, acrvet ${acrvet}s, ruff-wasm ${ruff}s (process wall, startup included)"
	echo "  acr read $(field "$tmp/acr.out" input_files) files ($(($(field "$tmp/acr.out" input_bytes) / 1024)) KB), parsed $(field "$tmp/acr.out" parsed_py_files) Python files ($(($(field "$tmp/acr.out" parsed_py_bytes) / 1024)) KB), re-parsed $(field "$tmp/acr.out" reparsed); ruff-wasm linted $(python3 -c "import json; print(json.load(open('$tmp/ruff.out'))['files'])") files"
	verdict "acr cold / ruff-wasm ASYNC" "$(ratio "$acr" "$ruff")" "<=" 0.25 | tee -a "$summary"
	verdict "acrvet cold / ruff-wasm ASYNC" "$(ratio "$acrvet" "$ruff")" "<=" 0.25 | tee -a "$summary"
fi

# --- b. warm cache vs cold --------------------------------------------------

if [[ " $sections " == *" warm "* ]]; then
	echo "== warm: pass cache, nothing changed, vs cold, stdlib"
	timed prime "$tmp/acrbench" -cache "$tmp/cache" "$stdlib"
	for i in $(seq "$reps"); do
		timed cold "$tmp/acrbench" "$stdlib"
		timed warm "$tmp/acrbench" -cache "$tmp/cache" "$stdlib"
	done
	cold=$(median "$tmp/cold.wall")
	warm=$(median "$tmp/warm.wall")
	echo "  median wall: cold ${cold}s, first run with the cache $(median "$tmp/prime.wall")s, warm ${warm}s; warm parsed $(field "$tmp/warm.out" parsed_py_files) files, same findings: $(
		[ "$(field "$tmp/warm.out" findings)" = "$(field "$tmp/cold.out" findings)" ] && echo yes || echo NO)"
	verdict "warm / cold" "$(ratio "$warm" "$cold")" "<=" 0.05 | tee -a "$summary"
fi

# --- c. scaling -------------------------------------------------------------

if [[ " $sections " == *" scale "* ]]; then
	echo "== scale: the stdlib 1x, 4x, 10x"
	printf "  %-6s %10s %12s %12s %12s %12s\n" corpus "wall s" "input MB" "ns/byte" "vs 1x" "peak RSS MB"
	for n in 1 4 10; do
		dir=$(corpus "$n")
		for i in $(seq "$scale_reps"); do
			timed "scale$n" "$tmp/acrbench" "$dir"
		done
		wall=$(median "$tmp/scale$n.wall")
		parsed=$(field "$tmp/scale$n.out" input_bytes)
		perbyte=$(awk -v w="$wall" -v b="$parsed" 'BEGIN {printf "%.1f", w * 1e9 / b}')
		[ "$n" = 1 ] && base=$perbyte
		rss=$(($(maxof "$tmp/scale$n.rss") / 1024))
		printf "  %-6s %10s %12s %12s %12s %12s\n" "${n}x" "$wall" "$((parsed / 1024 / 1024))" "$perbyte" "$(ratio "$perbyte" "$base")" "$rss"
		eval "perbyte$n=$perbyte rss$n=$rss"
	done
	verdict "time per input byte, 10x / 1x" "$(ratio "$perbyte10" "$perbyte1")" "<=" 1.25 | tee -a "$summary"
	verdict "peak RSS at 10x (MB)" "$rss10" "<=" 200 | tee -a "$summary"

	# The single-core run is the one a busy neighbour on a shared machine
	# slows most: this pair gets the full -n repetitions, interleaved.
	dir=$(corpus 4)
	for i in $(seq "$reps"); do
		if command -v taskset >/dev/null; then
			timed one taskset -c 0 "$tmp/acrbench" -workers 1 "$dir"
		else
			GOMAXPROCS=1 timed one "$tmp/acrbench" -workers 1 "$dir"
		fi
		timed two "$tmp/acrbench" -workers 2 "$dir"
	done
	echo "  4x corpus: 1 worker on 1 core $(median "$tmp/one.wall")s, 2 workers on 2 cores $(median "$tmp/two.wall")s; CPU of the last runs: $(field "$tmp/one.out" cpu_ms) ms and $(field "$tmp/two.out" cpu_ms) ms"
	verdict "parallel speedup, 2 cores" "$(ratio "$(median "$tmp/one.wall")" "$(median "$tmp/two.wall")")" ">=" 1.8 | tee -a "$summary"
fi

# --- d. schemadrift vs squawk -----------------------------------------------

if [[ " $sections " == *" sql "* ]]; then
	echo "== sql: schemadrift vs squawk on Postgres migrations"
	if [ -z "$sql_dir" ] || [ -z "$squawk" ]; then
		echo "  skipped: no migrations (give -s DIR) or no squawk binary"
	else
		find "$sql_dir" -name '*.sql' -type f | sort >"$tmp/sql.list"
		echo "  $(wc -l <"$tmp/sql.list") .sql files under $sql_dir"
		for i in $(seq "$reps"); do
			timed schemadrift "$tmp/acrbench" -passes schemadrift "$sql_dir"
			timed squawk xargs -a "$tmp/sql.list" "$squawk" --reporter gcc
		done
		acr=$(median "$tmp/schemadrift.wall")
		sq=$(median "$tmp/squawk.wall")
		echo "  median wall: schemadrift ${acr}s ($(field "$tmp/schemadrift.out" findings) findings), squawk ${sq}s ($(grep -c ': ' "$tmp/squawk.out" || true) findings)"
		verdict "schemadrift / squawk" "$(ratio "$acr" "$sq")" "<=" 1 | tee -a "$summary"
	fi
fi

# --- e. shards merge ---------------------------------------------------------

if [[ " $sections " == *" shard "* ]]; then
	echo "== shard: 3 shards merge to one run (JSON and SARIF)"
	# A repository of modules with a syntax error that a file-local pass
	# (asyncradar, in the file's shard) and a whole-repository pass
	# (scenario, in shard 0) both hit: one run reports each once.
	mkdir -p "$tmp/syntax"
	for i in 0 1 2 3 4 5; do
		printf 'import drift\n\nasync def handler_%d(:\n    await refresh()\n' "$i" >"$tmp/syntax/mod$i.py"
	done
	# The library: checker.Run with Options.Shard, results merged as the
	# driver deduplicates.
	for target in "$repo/examples/platform" "$stdlib" "$tmp/syntax"; do
		if "$tmp/acrbench" -mergecheck 3 "$target" >"$tmp/merge.out" 2>"$tmp/merge.err"; then
			echo "  checker shards of $target: ok ($(field "$tmp/merge.out" findings) findings; $(python3 -c "import json; print(json.load(open('$tmp/merge.out')).get('merge_duplicates', 0))") repeated across shards, merged once)" | tee -a "$summary"
		else
			echo "  checker shards of $target: MISSED" | tee -a "$summary"
			sed 's/^/    /' "$tmp/merge.err"
			failed=1
		fi
	done
	# The command line: acrvet -shard i/3, then acrvet merge, against one
	# acrvet run, for -json and -format sarif.
	for target in "$repo/examples/platform" "$(corpus 1)/copy1" "$tmp/syntax"; do
		for format in json sarif; do
			"$tmp/acrvet" -cache=off -format "$format" "$target/..." >"$tmp/whole.$format" 2>/dev/null || true
			parts=()
			for i in 0 1 2; do
				"$tmp/acrvet" -cache=off -shard "$i/3" -format "$format" "$target/..." >"$tmp/part$i.$format" 2>/dev/null || true
				parts+=("$tmp/part$i.$format")
			done
			"$tmp/acrvet" merge "${parts[@]}" >"$tmp/merged.$format" 2>"$tmp/merge.err" || true
			if python3 - "$tmp/whole.$format" "$tmp/merged.$format" "$format" <<'PY'
import json, sys
whole, merged, fmt = (json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3])
def items(doc):
    if fmt == "json":
        return sorted(json.dumps(d, sort_keys=True) for d in doc["diagnostics"])
    return sorted(json.dumps(r, sort_keys=True) for run in doc["runs"] for r in run["results"])
a, b = items(whole), items(merged)
if a != b:
    print("    whole run %d, merged shards %d" % (len(a), len(b)))
    for x in sorted(set(a) ^ set(b))[:5]:
        print("    differs:", x[:300])
    sys.exit(1)
print("    %d findings" % len(a))
PY
			then
				echo "  acrvet merge of 3 shards, $format, $target: ok" | tee -a "$summary"
			else
				echo "  acrvet merge of 3 shards, $format, $target: MISSED" | tee -a "$summary"
				sed 's/^/    /' "$tmp/merge.err"
				failed=1
			fi
		done
	done
fi

echo "== summary"
cat "$summary"
exit "$failed"
