#!/bin/bash
# Plugin trust (StrictModes): `hascout plugins` must never run the code of a
# .so that someone other than root (or us) could have written or swapped:
# one owned by another user, one in a group/world-writable directory, one
# reached through a symlink to another user's file. A relative
# HASCOUT_PLUGIN_PATH entry is ignored with a warning.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd cc
[ "$(id -u)" = 0 ] || hs_skip "needs root (files owned by nobody)"
getent passwd nobody >/dev/null || hs_skip "no user 'nobody'"
hs_mkrun
H() { "$HASCOUT_BIN" "$@"; }
# refused_for PATH-PATTERN REASON-PATTERN: the listing refuses PATH for REASON
refused_for() { grep -A1 -- "$1" "$HS_RUN/out" | grep -q -- "refused: .*$2"; }

# A .so whose constructor leaves a marker: if the marker exists, hascout ran it.
mkso() { # NAME MARKER DIR
    cat > "$HS_RUN/$1.c" <<C
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void pwn(void)
{
    int fd = open("$2", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) close(fd);
}
C
    cc -shared -fPIC -o "$3/$1.so" "$HS_RUN/$1.c"
}

# constructors run as the probe user (nobody): markers go where it may write
M=$HS_RUN/marks; mkdir "$M"; chmod 1777 "$M"
# 1. a world-writable plugin dir (no sticky bit): anyone may drop a .so
mkdir "$HS_RUN/open"; chmod 0777 "$HS_RUN/open"
mkso evil "$M/marker-open" "$HS_RUN/open"
# root owns the file, but anyone may replace it: the directory is the problem
# 2. a sticky world-writable dir (like /tmp): a .so owned by nobody
mkdir "$HS_RUN/sticky"; chmod 1777 "$HS_RUN/sticky"
mkso nob "$M/marker-sticky" "$HS_RUN/sticky"
chown nobody "$HS_RUN/sticky/nob.so"
# 3. a root-owned .so in a sticky dir: nobody else can swap it, it is fine
mkso rootok "$M/marker-rootok" "$HS_RUN/sticky"
# 4. a clean dir whose .so is a symlink to a file owned by nobody
mkdir "$HS_RUN/clean" "$HS_RUN/home"
mkso linked "$M/marker-link" "$HS_RUN/home"
chown nobody "$HS_RUN/home/linked.so"
ln -s "$HS_RUN/home/linked.so" "$HS_RUN/clean/linked.so"

HASCOUT_PLUGIN_PATH="$HS_RUN/open:$HS_RUN/sticky:$HS_RUN/clean:rel/dir:$HASCOUT_PLUGIN_PATH" \
    H plugins > "$HS_RUN/out" 2> "$HS_RUN/err"
rc=$?
cat "$HS_RUN/out" "$HS_RUN/err" >&2
hs_check "plugins exits 1: it lists refused plugins" test "$rc" -eq 1
hs_check "world-writable dir: constructor never ran" test ! -e "$M/marker-open"
hs_check "world-writable dir: refused, reason names the dir" \
    refused_for "open/evil.so" "$HS_RUN/open.*writable by others"
hs_check "nobody's .so in a sticky dir: constructor never ran" test ! -e "$M/marker-sticky"
hs_check "nobody's .so: refused, reason names the owner" \
    refused_for "sticky/nob.so" "nob.so is owned by uid 65534"
hs_check "symlink to nobody's .so: constructor never ran" test ! -e "$M/marker-link"
hs_check "symlink to nobody's .so: refused as a symlink" \
    refused_for "clean/linked.so" "is a symlink to .*home/linked.so, owned by uid 65534"
hs_check "root's .so in a sticky dir is inspected (not refused as untrusted)" \
    test -e "$M/marker-rootok"
hs_check "the real plugins are still listed" grep -q "^test .*synthetic" "$HS_RUN/out"
hs_check "relative HASCOUT_PLUGIN_PATH entry: warned" \
    grep -q "warning: .*HASCOUT_PLUGIN_PATH.*'rel/dir'.*relative" "$HS_RUN/err"
hs_check "relative entry not searched" sh -c "! grep -q '^plugin directories:.* rel/dir' '$HS_RUN/out'"
hs_done
