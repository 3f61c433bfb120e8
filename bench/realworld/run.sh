#!/usr/bin/env bash
# bench/realworld/run.sh: run acrvet over the exported corpus.
#
#   bench/realworld/run.sh TREES OUT [NAME...]
#
# Builds acrvet from this checkout into a temporary directory, then, for
# each repository of repos.tsv (or only the NAMEs given) exported under
# TREES/<name>/ by export.sh, runs `acrvet -json -cache=off ./...` from
# inside the tree under GNU time and writes:
#
#   OUT/<name>.json     acrvet's JSON report (paths relative to the tree)
#   OUT/<name>.time     /usr/bin/time -v of that run
#   OUT/runs.tsv        per repository: commit, files, wall seconds, peak RSS (MB), exit code
#   OUT/counts.tsv      findings per rule per repository (counts.py)
#
# acrvet exits 3 when it finds something; 0 and 3 are both a completed
# run, anything else is reported and the script exits 1 at the end.
# ACRVET_FLAGS adds flags to every run (e.g. "-j 2"); ACR_REPOS names
# another list of the same form as repos.tsv (holdout.tsv).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
module=$(cd "$here/../.." && pwd)
trees=$(cd "${1:?usage: run.sh TREES OUT [NAME...]}" && pwd)
mkdir -p "${2:?usage: run.sh TREES OUT [NAME...]}"
out=$(cd "$2" && pwd)
shift 2
names=("$@")

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
(cd "$module" && go build -o "$bin/acrvet" ./cmd/acrvet)
git -C "$module" rev-parse HEAD > "$out/acr-commit" 2>/dev/null || true

want() {
	[ ${#names[@]} -eq 0 ] && return 0
	local n
	for n in "${names[@]}"; do [ "$n" = "$1" ] && return 0; done
	return 1
}

status=0
[ -f "$out/runs.tsv" ] || printf 'name\tcommit\tfiles\twall_s\trss_mb\texit\n' > "$out/runs.tsv"
while IFS=$'\t' read -r name repo commit _; do
	case "$name" in ''|'#'*|name) continue ;; esac
	want "$name" || continue
	tree="$trees/$name"
	if [ ! -d "$tree" ]; then
		echo "$name: $tree missing (run export.sh first)" >&2
		status=1
		continue
	fi
	files=$(find "$tree/" -type f | wc -l) # the trailing slash follows a tree that is a symbolic link
	rc=0
	# shellcheck disable=SC2086
	(cd "$tree" && /usr/bin/time -v -o "$out/$name.time" "$bin/acrvet" ${ACRVET_FLAGS:-} -json -cache=off ./... > "$out/$name.json") || rc=$?
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for (i=1;i<=n;i++) s=s*60+t[i]; print s}' "$out/$name.time")
	rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$out/$name.time")
	# one row per repository: drop an earlier run's row
	grep -v -P "^\Q$name\E\t" "$out/runs.tsv" > "$out/runs.tsv.tmp" || true
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "${commit:0:10}" "$files" "$wall" "$rss" "$rc" >> "$out/runs.tsv.tmp"
	mv "$out/runs.tsv.tmp" "$out/runs.tsv"
	echo "$name: $files files, ${wall}s, ${rss} MB, exit $rc" >&2
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then status=1; fi
done < "${ACR_REPOS:-$here/repos.tsv}"
python3 "$here/counts.py" "$out" > "$out/counts.tsv"
exit $status
