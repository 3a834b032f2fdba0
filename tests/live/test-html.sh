#!/bin/bash
# The HTML report in a real headless Chromium: it loads without console
# errors, needs no external asset, and the rendered DOM and a screenshot
# hold the charts.
source "$HS_TOP_SRCDIR/tests/lab/lib.sh"
hs_need_cmd chromium
hs_mkrun
states=$HS_RUN/states
sed -e "s|@STATE@|$HS_RUN/state|" -e "s|@STATES@|$states|" \
    "$HS_TOP_SRCDIR/tests/live/stack.conf.in" > "$HS_RUN/stack.conf"
mkdir -p "$HS_RUN/state"
now=$(date +%s)
for i in $(seq 0 30); do  # a week of history with a few outages
    st=UP; [ $((i % 9)) = 4 ] && st=DOWN
    printf '{"v":1,"t":%s,"services":{"Database":"%s","Compute":"%s"},"components":{},"targets":{}}\n' \
        $((now - 7 * 86400 + i * 19000)) $st $st
done > "$HS_RUN/state/history.jsonl"
echo "db1 DOWN" > "$states"
"$HASCOUT_BIN" -q --config "$HS_RUN/stack.conf" report -f html -o "$HS_RUN/r.html"
hs_check "html written" test -s "$HS_RUN/r.html"
hs_check "self-contained: no external src/href" sh -c "! grep -Eq '(src|href)=\"(https?:)?//' '$HS_RUN/r.html'"

chrome() {
    timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$HS_RUN/ud" --enable-logging=stderr --v=0 "$@"
}
chrome --dump-dom "file://$HS_RUN/r.html" > "$HS_RUN/dom.html" 2> "$HS_RUN/chrome.log"
hs_check "chromium rendered the page" grep -q '</html>' "$HS_RUN/dom.html"
hs_check "no console errors" sh -c "! grep -Ei 'CONSOLE|Uncaught|ERR_FILE|Failed to load' '$HS_RUN/chrome.log'"
hs_check "services chart in the DOM" grep -q 'id="chart-services"' "$HS_RUN/dom.html"
hs_check "one modeled bar per service" test "$(grep -o 'class="bar-modeled"' "$HS_RUN/dom.html" | wc -l)" -eq 2
hs_check "timeline from history in the DOM" \
    test "$(grep -o 'class="seg"' "$HS_RUN/dom.html" | wc -l)" -ge 30
chrome --window-size=1280,1100 --screenshot="$HS_RUN/shot.png" "file://$HS_RUN/r.html" 2>>"$HS_RUN/chrome.log"
hs_check "screenshot taken" test -s "$HS_RUN/shot.png"
# a page that rendered charts is far from blank: many distinct colours, so
# the PNG does not compress to almost nothing
hs_check "screenshot is not blank" test "$(stat -c %s "$HS_RUN/shot.png")" -gt 20000
[ -n "${HS_SCREENSHOT_OUT:-}" ] && cp "$HS_RUN/shot.png" "$HS_SCREENSHOT_OUT"
hs_done
