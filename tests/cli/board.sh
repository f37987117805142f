#!/usr/bin/env bash
# tests/cli/board.sh — `sigma-heatmap board` and `layer --board-html`: usage and exit codes; the
# document parses as HTML5 without errors in an independent parser (html5lib, strict) and says
# the numbers of `layer --report` for the same inputs (tiles, tactic bars, every gap term); the
# same bytes from `board` and `layer --board-html`, and on a second run; a layer's board leaves
# out what needs rules; the picture as PNG and SVG; no script and nothing loaded from outside.
# Usage: tests/cli/board.sh path/to/sigma-heatmap
# Fixtures: tests/data/report/ (see reports.sh).
set -u
CLI=${1:?usage: board.sh path/to/sigma-heatmap}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
R=$ROOT/tests/data/report
source "$HERE/lib.bash"

# Debian's python3 has python3-html5lib (scripts/setup); another python3 first on PATH may not.
PY=python3
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import html5lib' 2>/dev/null; then PY=$p; break; fi
done
if ! "$PY" -c 'import html5lib' 2>/dev/null; then
    echo "board.sh: python3-html5lib is missing (scripts/setup installs it)"
    exit 1
fi
html5() { "$PY" "$HERE/html5_check.py" "$@"; }

ALL=(--name current --date 2026-02-03 --prev "$R/prev_layer.json" --history "$R/prev_layer.json"
     --targets "$R/targets_unmet.txt" --baseline "$R/other_producer_v19.json" --alerts "$R/alerts.csv")

# --- usage ---
check "board --help" exit_is 0 "$CLI" board --help
check "help names the outputs" grep -q -- '--png FILE' <("$CLI" board --help)
check "board without -o: usage" exit_is 2 "$CLI" board "$R/rules"
# A layer filtered to one platform: the board counts and draws that platform, as --platform does (it
# counted and drew every platform's techniques).
check "layer --platform Linux" exit_is 0 "$CLI" layer "$R/rules" --platform Linux -o "$T/linux.json"
check "board of it" exit_is 0 "$CLI" board "$T/linux.json" -o "$T/linux-layer.html"
check "board --platform Linux of the rules" exit_is 0 "$CLI" board "$R/rules" --platform Linux -o "$T/linux-rules.html"
check "  ... the board says Linux" grep -q 'threshold 80 · on Linux' "$T/linux-layer.html"
check "  ... no PowerShell cell (Windows-only)" bash -c "! grep -q 'cell-execution-T1059.001' '$T/linux-layer.html' && ! grep -q 'cell-execution-T1059.001' '$T/linux-rules.html'"
# 155: the active Linux techniques of ATT&CK 19 (sub-techniques not counted).
tiles() { grep -o 'class="shb-detail">[0-9]* of [0-9]* techniques [a-z ]*8*0*' "$1" | head -2 | sed 's/ have .*/ covered/'; }
check "  ... the layer's board counts Linux's techniques, as the rules' board" bash -c "$(declare -f tiles); diff <(tiles '$T/linux-layer.html') <(tiles '$T/linux-rules.html') && tiles '$T/linux-layer.html' | grep -q ' of 155 techniques covered'"
# Its alert is on the board's platform too (T1021.001 and T1053.005, Windows-only, dropped; T1566.001,
# also on Linux, lost all coverage): as `diff --platform Linux` says it.
check "board --platform Linux --prev" exit_is 0 "$CLI" board "$R/rules" --platform Linux --prev "$R/prev_layer.json" -o "$T/linux-prev.html"
check "  ... the alert is Linux's" grep -q '0 techniques dropped below 50 on Linux</strong>' "$T/linux-prev.html"
check "  ... no Windows-only drop in it" bash -c "! grep -q 'T1021.001' '$T/linux-prev.html'"
check "board without input: usage" exit_is 2 "$CLI" board -o "$T/x.html"
check "board bad option: usage" exit_is 2 "$CLI" board --frobnicate "$R/rules" -o "$T/x.html"
check "board bad scale: usage" exit_is 2 "$CLI" board --scale 0 "$R/rules" -o "$T/x.html"
check "board --alerts with a layer: usage" exit_is 2 "$CLI" board --alerts "$R/alerts.csv" "$R/prev_layer.json" -o "$T/x.html"
check "board of a missing layer: 1" exit_is 1 "$CLI" board "$T/nope.json" -o "$T/x.html"
echo '["not", "a layer"]' >"$T/not-a-layer.json"
check "board of a non-layer .json: 1" exit_is 1 "$CLI" board "$T/not-a-layer.json" -o "$T/x.html"
check "board with a broken --prev: 1, nothing written" exit_is 1 "$CLI" board "$R/rules" --prev "$R/frequency.csv" -o "$T/broken.html"
check "  ... and no file" test ! -e "$T/broken.html"
check "board of no rules: 1" exit_is 1 "$CLI" board "$T" -o "$T/x.html"
# Another scale: a 0..5 layer against the default KPI threshold 80 is said to be so, with a threshold
# on its scale; given one, nothing is said.
printf '%s' '{"name":"red team","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack","techniques":[{"techniqueID":"T1059","tactic":"execution","score":5}],"gradient":{"colors":["#ffffff","#ff0000"],"minValue":0,"maxValue":5}}' > "$T/scale5.json"
check "board of a 0..5 layer: written" exit_is 0 "$CLI" board "$T/scale5.json" -o "$T/s5.html"
check "  ... warns that 80 is off its scale" grep -q "scale5.json: warning: the layer's scores go up to 5, below the KPI threshold 80.*e.g. 4" "$T/err"
check "board of a 0..5 layer with --kpi-threshold 4" exit_is 0 "$CLI" board --kpi-threshold 4 "$T/scale5.json" -o "$T/s5.html"
check "  ... says nothing of it" bash -c "! grep -q 'KPI threshold' '$T/err'"
check "  ... the tile counts T1059 as covered well" grep -q "1 of [0-9]* techniques score 4 or more" "$T/s5.html"
check "main usage lists board" grep -q 'sigma-heatmap board' <("$CLI" --help)
check "board: a mistyped option gets a suggestion" exit_is 2 "$CLI" board --pallete colour-blind "$R/rules" -o "$T/x.html"
check "  ... did you mean --palette" grep -q 'unknown option --pallete; did you mean --palette?' "$T/err"
check "board --palette bogus: usage" exit_is 2 "$CLI" board --palette bogus "$R/rules" -o "$T/x.html"
check "board --max-score <= --min-score: usage" exit_is 2 "$CLI" board --min-score 50 --max-score 10 "$R/rules" -o "$T/x.html"
check "layer --date needs --report or --board-html" exit_is 2 "$CLI" layer --date 2026-02-03 "$R/rules" -o "$T/x.json"
check "  ... says so" grep -q -- '--date requires --report or --board-html' "$T/err"
check "board shares the Report group of layer verbatim" cmp <("$CLI" layer --help | sed -n '/^Report:$/,/^$/p') <("$CLI" board --help | sed -n '/^Report:$/,/^$/p')

# --- the document from rules, with everything it can compare with ---
check "board of rules: 0" exit_is 0 "$CLI" board -q "${ALL[@]}" "$R/rules" -o "$T/board.html" --report "$T/board-report.json" \
    --png "$T/board.png" --svg "$T/board.svg"
check "layer --report for the same inputs" exit_is 0 "$CLI" layer -q "${ALL[@]}" "$R/rules" -o "$T/layer.json" \
    --report "$T/layer-report.json" --board-html "$T/layer-board.html"
check "board: valid HTML5, numbers of layer --report" html5 "$T/board.html" "$T/layer-report.json"
check "board --report = layer --report" cmp "$T/board-report.json" "$T/layer-report.json"
check "layer --board-html = board, byte for byte" cmp "$T/board.html" "$T/layer-board.html"
"$CLI" board -q "${ALL[@]}" "$R/rules" -o "$T/again.html" 2>/dev/null
check "the same bytes on a second run" cmp "$T/board.html" "$T/again.html"
check "the alert since coverage_q3_2026" grep -q '<h2 id="shb-alert-title">Since coverage_q3_2026</h2>' "$T/board.html"
check "  ... with its 2 drops" grep -q '<strong>2 techniques dropped below 50</strong>' "$T/board.html"
check "targets: 1 of 2 met (T1059.001 has 80 of 90)" grep -q "1 of 2 targets met" "$T/board.html"
check "baseline section" grep -q 'Compared with' "$T/board.html"
check "latency: median 10m 0s" grep -q 'Median 10m 0s' "$T/board.html"
check "trend chart and table" grep -q '<figure class="shb-figure">' "$T/board.html"
check "heat-map cell titled with id, name, tactic, score" grep -q '<title>T1059.001 PowerShell · Execution · score 80</title>' "$T/board.html"
check "date" grep -q '<time datetime="2026-02-03">' "$T/board.html"
check "MITRE credit" grep -q 'MITRE ATT&amp;CK® is a registered trademark of The MITRE Corporation' "$T/board.html"
check "no script" bash -c "! grep -qi '<script' '$T/board.html'"
check "nothing loaded from outside" bash -c "! grep -Eq ' (src|href)=|@import|url\\([^#]' '$T/board.html'"
check "no style attribute" bash -c "! grep -q ' style=' '$T/board.html'"
check "the stylesheet is assets/board/board.css" bash -c "grep -qF \"\$(head -3 '$ROOT/assets/board/board.css' | tail -1)\" '$T/board.html'"
check "PNG written" bash -c "head -c 8 '$T/board.png' | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a'"
check "SVG well-formed" "$PY" -c "import sys, xml.dom.minidom as m; m.parse(sys.argv[1])" "$T/board.svg"
check "SVG has the gaps" grep -q '>Top 10 gaps to close<' "$T/board.svg"
# The same board from a --config file ([board] section, top-level keys) as from the command line.
cat >"$T/board.toml" <<EOF
threshold = 50
[board]
paths = ["$R/rules"]
output = "$T/config.html"
name = "current"
date = "2026-02-03"
prev = "$R/prev_layer.json"
history = ["$R/prev_layer.json"]
targets = "$R/targets_unmet.txt"
baseline = "$R/other_producer_v19.json"
alerts = "$R/alerts.csv"
[layer]
min-color = "#ff0000"
EOF
check "board --config: 0" exit_is 0 "$CLI" board -q --config "$T/board.toml"
check "  ... the same bytes as the command line" cmp "$T/board.html" "$T/config.html"
check "board --print-config round trips" bash -c "'$CLI' board --config '$T/board.toml' --print-config >'$T/printed.toml' && '$CLI' board -q --config '$T/printed.toml' -o '$T/printed.html' 2>/dev/null && cmp '$T/board.html' '$T/printed.html'"
check "board --palette color-blind is colour-blind" bash -c "'$CLI' board -q --date x --palette color-blind '$R/rules' -o '$T/p1.html' && '$CLI' board -q --date x --palette colour-blind '$R/rules' -o '$T/p2.html' && cmp '$T/p1.html' '$T/p2.html' && grep -q 'stop-color=\"#2166ac\"' '$T/p1.html'"
check "board to stdout" bash -c "'$CLI' board -q --date 2026-02-03 --name current '$R/rules' -o - | head -1 | grep -qx '<!DOCTYPE html>'"

# --- the document from a layer (another producer's) ---
check "board of a layer: 0" exit_is 0 "$CLI" board -q --date 2026-02-03 "$R/other_producer_v19.json" -o "$T/layer-board2.html"
check "layer board: valid HTML5" html5 "$T/layer-board2.html"
check "layer board: no rule tiles" bash -c "! grep -q '<h3>Rules</h3>' '$T/layer-board2.html' && ! grep -q 'Fragile coverage' '$T/layer-board2.html'"
check "layer board: says where the scores come from" grep -q 'scores from the layer other_producer_v19.json' "$T/layer-board2.html"
check "layer board: a score, not a rule" grep -q 'have a score above 0' "$T/layer-board2.html"
check "layer board: its tactic bars' key speaks of scores" grep -q 'score above 0</li>' "$T/layer-board2.html"
check "rules board: its tactic bars' key speaks of rules, as its tiles" grep -q 'at least one rule</li>' "$T/board.html"
# A board of one rule scoring one technique: its summary line in the singular ("1 scored
# technique/tactic pairs" before).
ONE=$ROOT/assets/samples/proc_access_win_lsass_memory_read.yml
check "board of one rule" exit_is 0 "$CLI" board "$ONE" -o "$T/one.html"
check "  ... summary in the singular" grep -qE '^sigma-heatmap: board of 1 rule \(1 scored technique/tactic pair, ATT&CK [0-9.]+\) -> ' "$T/err"
check "board --top 1: one gap, headed as one" exit_is 0 "$CLI" board -q --top 1 "$R/rules" -o "$T/top1.html" --svg "$T/top1.svg"
check "  ... 'Top gap to close', in the document and the picture" bash -c "grep -q '>Top gap to close</h2>' '$T/top1.html' && grep -q '>Top gap to close<' '$T/top1.svg' && ! grep -q 'Top 1 gaps' '$T/top1.html' '$T/top1.svg'"
check "layer board: colour-blind palette" exit_is 0 "$CLI" board -q --palette colour-blind "$R/other_producer_v19.json" -o "$T/cb.html"
check "  ... its stops in the legend" grep -q 'stop-color="#2166ac"' "$T/cb.html"

finish board
