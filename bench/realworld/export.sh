#!/usr/bin/env bash
# bench/realworld/export.sh: export every repository of repos.tsv at its pinned commit.
#
#   bench/realworld/export.sh [-f] DEST [NAME...]
#
# Writes DEST/<name>/ for each repository of repos.tsv (or only the NAMEs
# given). With ACR_MIRROR set, a repository is read from the bare git
# directory $ACR_MIRROR/<owner>+<repo>/repo when it holds the commit;
# otherwise it is cloned from GitHub (blobless, then checked out at the
# commit, which fetches the blobs in one go) into DEST/.git-cache/.
# Missing blobs and symlinks are skipped (see export_tree.py). An existing
# DEST/<name> is kept unless -f is given.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
force=0
if [ "${1:-}" = "-f" ]; then force=1; shift; fi
dest=${1:?usage: export.sh [-f] DEST [NAME...]}
shift
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

want() { # is $1 among the NAMEs given (or were none given)?
	[ ${#names[@]} -eq 0 ] && return 0
	local n
	for n in "${names[@]}"; do [ "$n" = "$1" ] && return 0; done
	return 1
}
names=("$@")

status=0
while IFS=$'\t' read -r name repo commit _; do
	case "$name" in ''|'#'*|name) continue ;; esac
	want "$name" || continue
	out="$dest/$name"
	if [ -d "$out" ] && [ $force -eq 0 ]; then
		echo "$name: $out exists, kept (-f to re-export)" >&2
		continue
	fi
	rm -rf "$out"
	mkdir -p "$out"
	gitdir=""
	mirror="${ACR_MIRROR:-}/${repo/\//+}/repo"
	if [ -n "${ACR_MIRROR:-}" ] && git --git-dir="$mirror" cat-file -e "$commit^{tree}" 2>/dev/null; then
		gitdir=$mirror
	else
		clone="$dest/.git-cache/${repo/\//+}"
		if [ ! -d "$clone/.git" ]; then
			git clone --quiet --filter=blob:none --no-checkout "https://github.com/$repo.git" "$clone"
		fi
		if ! git -C "$clone" cat-file -e "$commit^{tree}" 2>/dev/null; then
			git -C "$clone" fetch --quiet --filter=blob:none origin "$commit"
		fi
		git -C "$clone" -c advice.detachedHead=false checkout --quiet --force "$commit"
		gitdir="$clone/.git"
	fi
	if ! python3 "$here/export_tree.py" "$gitdir" "$commit" "$out"; then
		echo "$name: export failed" >&2
		status=1
	fi
done < "$here/repos.tsv"
exit $status
