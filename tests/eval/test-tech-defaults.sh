#!/bin/bash
# tests/eval/test-tech-defaults.sh — a technology with a bundled plugin has
# its default scores stated twice: in the plugin's descriptor (struct
# hs_scores, the source: it is what the plugin ships) and in its fallback
# entry in conf/technologies.conf (used when that plugin is not installed).
# Nothing else keeps the two in step, so this test fails when they differ in
# name, class, any score or any rationale.
#
# Both sides are read through hascout itself, so neither libconfig nor C is
# parsed here: the conf's keys are renamed to "conf:KEY" in a private data
# directory, so plugin entries (which replace conf entries of the same key)
# and conf entries both appear in one `compare --json` technology table.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd jq sed
hs_mkrun

conf=$HASCOUT_DATADIR/technologies.conf
data=$HS_RUN/data
mkdir -p "$data"
# \b: only a whole `key = "`, never the tail of another setting's name
sed 's/\bkey = "/key = "conf:/' "$conf" > "$data/technologies.conf"
nconf=$(grep -c '\bkey = "' "$conf")
hs_check "every conf entry renamed" \
    test "$(grep -c '\bkey = "conf:' "$data/technologies.conf")" -eq "$nconf"

# The smallest architecture compare accepts: the table of technology
# defaults is printed whatever the architecture uses, and this one carries
# no evaluation.technologies overrides that could change it.
cat > "$HS_RUN/arch.conf" <<'CONF'
evaluation = { name = "two hosts"; };
model = {
  components = ( { name = "h1"; technology = "host"; mttf = 1000.0; mttr = 1.0; },
                 { name = "h2"; technology = "host"; mttf = 1000.0; mttr = 1.0; } );
  gates = ( { name = "down"; type = "and"; inputs = [ "h1", "h2" ]; } );
  services = ( { name = "s"; top = "down"; importance = 3.0; } );
};
CONF
HASCOUT_DATADIR=$data "$HASCOUT_BIN" compare --json --no-simulate \
    "$HS_RUN/arch.conf" "$HS_RUN/arch.conf" > "$HS_RUN/tech.json" 2> "$HS_RUN/tech.err"
rc=$?
hs_check "compare --json exits 0" test "$rc" -eq 0
[ "$rc" -eq 0 ] || { cat "$HS_RUN/tech.err" >&2; hs_done; }
hs_check "every conf entry is in the table" \
    test "$(jq '[.technologies[] | select(.key | startswith("conf:"))] | length' \
        "$HS_RUN/tech.json")" -eq "$nconf"

"$HASCOUT_BIN" -v plugins > "$HS_RUN/plugins.txt" 2>&1
hs_check "plugins -v exits 0" test $? -eq 0

# plugin_scores NAME — "chance risk maturity" as `hascout -v plugins` prints them
plugin_scores() {
    awk -v n="$1" '$1 == n && !/^ / { hit = 1; next }
        hit && /^    scores: / {
            sub(/^    scores: chance /, "")
            c = $1; r = $0; m = $0
            sub(/.*\), risk /, "", r); sub(/ .*/, "", r)
            sub(/.*\), maturity /, "", m); sub(/ .*/, "", m)
            print c, r, m; exit }
        !/^ / { hit = 0 }' "$HS_RUN/plugins.txt"
}

# The differences between plugin NAME's entry and conf's "conf:NAME", one a
# line (empty when they agree; "missing" when conf has no such entry).
differences() {
    jq -r --arg k "$1" '
        [.technologies[] | select(.key == $k)][0] as $p |
        [.technologies[] | select(.key == "conf:" + $k)][0] as $c |
        if $c == null then "no entry with key = \"\($k)\" in technologies.conf"
        else ["name", "class", "chance", "risk", "maturity",
              "chance_why", "risk_why", "maturity_why"][] as $f |
             select($p[$f] != $c[$f]) |
             "\($f): descriptor \($p[$f] | tojson), technologies.conf \($c[$f] | tojson)"
        end' "$HS_RUN/tech.json"
}

compared=0
for dir in "$HS_TOP_SRCDIR"/plugins/*/; do
    name=$(basename "$dir")
    [ "$name" = test ] && continue # synthetic: no technology to fall back to
    src=$(jq -r --arg k "$name" '.technologies[] | select(.key == $k) | .source' \
        "$HS_RUN/tech.json")
    case $src in
    plugin\ *) ;;
    *) hs_log "$name: plugin not built here, not compared"; continue ;;
    esac
    compared=$((compared + 1))
    diffs=$(differences "$name")
    [ -z "$diffs" ] || printf '%s\n' "$diffs" | sed "s|^|$name: |" >&2
    hs_check "$name: technologies.conf repeats the descriptor (${src#plugin })" test -z "$diffs"
    want=$(jq -r --arg k "$name" '.technologies[] | select(.key == $k) |
        [.chance, .risk, .maturity] | map(tostring) | join(" ")' "$HS_RUN/tech.json")
    # shellcheck disable=SC2086 # word splitting wanted: three numbers
    want=$(printf '%.1f %.1f %.1f' $want)
    got=$(plugin_scores "$name")
    [ "$got" = "$want" ] || hs_log "$name: plugins -v says '$got', compare '$want'"
    hs_check "$name: plugins -v shows the same scores" test "$got" = "$want"
done
[ "$compared" -gt 0 ] || hs_skip "no bundled plugin built: nothing to compare"
hs_done
