#!/bin/sh
# tools/build-debs.sh OUTDIR — build hascout's Debian packages (debian/) and
# put the .deb files in OUTDIR, then check them with lintian.
#
# Builds in a scratch copy of the repository's files under $TMPDIR (git's
# tracked and unignored files, as they are in the working tree), never in
# the tree itself, so a configured or built tree stays as it was. Needs debhelper, dpkg-dev and
# the build dependencies in debian/control (tools/install-deps.sh installs
# them); lintian is run when installed. Exit 0 when built and lintian
# reports no error or warning.
set -eu
[ $# = 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hascout-debs.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
src=$scratch/hascout

mkdir "$src"
git -C "$top" rev-parse --git-dir >/dev/null 2>&1 ||
    { echo "$0: $top is not a git checkout: cannot tell sources from build products" >&2; exit 1; }
git -C "$top" ls-files -z --cached --others --exclude-standard |
    (cd "$top" && xargs -0 cp --parents -d -t "$src")
mkdir -p "$src/m4" # autoreconf's macro directory (ignored by git, like autogen.sh's)

log=$scratch/build.log
if ! (cd "$src" && dpkg-buildpackage -us -uc -b) > "$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "$0: dpkg-buildpackage failed (log above)" >&2
    exit 1
fi
if grep -E '^[^ :]+\.[ch]:[0-9]+:([0-9]+:)? warning:' "$log" >&2; then
    echo "$0: the build printed compiler warnings (above)" >&2
    exit 1
fi
if command -v lintian >/dev/null; then
    # fails on any error or warning left: each tag is fixed, or overridden
    # in debian/*.lintian-overrides with its reason
    lintian --fail-on error,warning "$scratch"/*.changes >&2
fi
mv "$scratch"/*.deb "$out"/
ls "$out"/*.deb
