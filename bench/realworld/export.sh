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
# ACR_GIT_BASE replaces https://github.com (for instance a local server with
# the same OWNER/REPO.git layout). Missing blobs and symlinks are skipped
# (see export_tree.py). An existing DEST/<name> is kept unless -f is given.
# ACR_REPOS names another list of the same form (holdout.tsv: repositories
# held out of tuning).
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

# clone REPO COMMIT: a blobless clone of REPO under DEST/.git-cache checked out
# at COMMIT (which fetches the commit's blobs in one request); prints its git dir.
clone() {
	local repo=$1 commit=$2 dir="$dest/.git-cache/${1/\//+}"
	if [ ! -d "$dir/.git" ]; then
		git clone --quiet --filter=blob:none --no-checkout "${ACR_GIT_BASE:-https://github.com}/$repo.git" "$dir" </dev/null >&2 || return 1
	fi
	if ! git -C "$dir" cat-file -e "$commit^{tree}" 2>/dev/null; then
		git -C "$dir" fetch --quiet --filter=blob:none origin "$commit" </dev/null >&2 || return 1
	fi
	git -C "$dir" -c advice.detachedHead=false checkout --quiet --force "$commit" </dev/null >&2 || return 1
	echo "$dir/.git"
}

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
	elif gitdir=$(clone "$repo" "$commit"); then
		:
	else
		echo "$name: cannot get $repo at $commit" >&2
		rmdir "$out" 2>/dev/null || true
		status=1
		continue
	fi
	if ! python3 "$here/export_tree.py" "$gitdir" "$commit" "$out" </dev/null; then
		echo "$name: export failed" >&2
		status=1
	fi
done < "${ACR_REPOS:-$here/repos.tsv}"
exit $status
