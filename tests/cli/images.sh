#!/usr/bin/env bash
# tests/cli/images.sh — `sigma-heatmap svg|png`: exit codes, SVG well-formed with one coloured cell
# per scored technique, PNG signature and size, options, determinism, other producers' and hostile
# layers. Usage: tests/cli/images.sh path/to/sigma-heatmap   (XML checked with python3, JSON with node)
set -u
CLI=${1:?usage: images.sh path/to/sigma-heatmap}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=$ROOT/tests/data
source "$HERE/lib.bash"

svg() {  # svg FILE 'python expression over cells (id -> fill of "cell scored" rects) and root' : true?
    python3 - "$1" "$2" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()   # raises on malformed XML
ns = '{http://www.w3.org/2000/svg}'
cells = {}
for r in root.iter(ns + 'rect'):
    if r.get('class') == 'cell scored':
        assert r.get('id') not in cells, 'duplicate cell ' + r.get('id')
        cells[r.get('id')] = r.get('fill')
texts = [t.text or '' for t in root.iter(ns + 'text')]
ok = eval(sys.argv[2])
if not ok:
    print('false:', sys.argv[2], sorted(cells.items())[:20])
sys.exit(0 if ok else 1)
PY
}
png_size() {  # png_size FILE -> "W H" from the IHDR chunk
    node -e 'const b=require("fs").readFileSync(process.argv[1]);
             if (b.toString("latin1",1,4)!=="PNG") process.exit(1);
             console.log(b.readUInt32BE(16)+" "+b.readUInt32BE(20))' "$1"
}

export -f png_size

# --- usage ---
check "svg help exits 0" exit_is 0 "$CLI" svg --help
check "png help names --scale" grep -q -- '--scale' <("$CLI" png --help)
check "no layer" exit_is 2 "$CLI" svg -o "$T/x.svg"
check "no output" exit_is 2 "$CLI" png "$T/none.json"
check "bad --expand" exit_is 2 "$CLI" svg --expand some "$T/l.json" -o "$T/x.svg"
check "bad --palette" exit_is 2 "$CLI" svg --palette neon "$T/l.json" -o "$T/x.svg"
check "--scale is png only" exit_is 2 "$CLI" svg --scale 2 "$T/l.json" -o "$T/x.svg"
check "--scale out of range" exit_is 2 "$CLI" png --scale 100 "$T/l.json" -o "$T/x.png"
check "--scale not a number" exit_is 2 "$CLI" png --scale big "$T/l.json" -o "$T/x.png"
check "two layers" exit_is 2 "$CLI" svg a.json b.json -o "$T/x.svg"

# --- a layer from `layer` on tests/data/count (count profile: T1059.001=3, others 1, max 3) ---
"$CLI" layer --score count --name "counted <fixtures> & co" "$DATA/count" -o "$T/l.json" 2>/dev/null
check "svg: exit 0" exit_is 0 "$CLI" svg --date 2026-01-02 "$T/l.json" -o "$T/l.svg"
check "svg: summary on stderr" grep -q "sigma-heatmap: 8 scored technique/tactic pairs" "$T/err"
# A layer made before ATT&CK 19: its Defense Evasion entry is drawn under the technique's tactic
# in 19 (Stealth), not skipped ("tactic 'defense-evasion' is not a tactic of T1027 ...; skipped").
printf '%s' '{"name": "q3", "versions": {"attack": "17", "layer": "4.5"}, "domain": "enterprise-attack", "techniques": [{"techniqueID": "T1027", "tactic": "defense-evasion", "score": 80}, {"techniqueID": "T1059", "tactic": "execution", "score": 10}]}' >"$T/v17.json"
check "svg of a v17 layer" exit_is 0 "$CLI" svg "$T/v17.json" -o "$T/v17.svg"
check "  ... T1027 drawn under Stealth, and said" bash -c "grep -q 'id=\"cell-stealth-T1027\"' '$T/v17.svg' && grep -q \"T1027: tactic 'defense-evasion' is not a tactic of T1027 in ATT&CK 19 enterprise-attack; shown under T1027's own tactics\" '$T/err' && grep -q '^sigma-heatmap: 2 scored technique/tactic pairs' '$T/err'"
# One pair: the summary in the singular ("1 scored technique/tactic pairs" before).
"$CLI" layer "$ROOT/assets/samples/proc_access_win_lsass_memory_read.yml" -o "$T/one.json" 2>/dev/null
check "svg of a one-pair layer" exit_is 0 "$CLI" svg "$T/one.json" -o "$T/one.svg"
check "  ... summary in the singular" grep -q "^sigma-heatmap: 1 scored technique/tactic pair from $T/one.json " "$T/err"
# A layer scored as fractions (0..1, white to red): read as percentages, so its colours are the
# file's (0.5 halfway, 1 red); 0.001 still counts as scored.
cat > "$T/fractions.json" <<'EOF'
{"name": "likelihood", "domain": "enterprise-attack", "versions": {"attack": "18", "layer": "4.5"},
 "techniques": [{"techniqueID": "T1059", "tactic": "execution", "score": 0.5},
                {"techniqueID": "T1003", "tactic": "credential-access", "score": 1},
                {"techniqueID": "T1105", "tactic": "command-and-control", "score": 0.001}],
 "gradient": {"colors": ["#ffffff", "#ff0000"], "minValue": 0, "maxValue": 1}}
EOF
check "svg of a layer of fractions" exit_is 0 "$CLI" svg "$T/fractions.json" -o "$T/fractions.svg"
check "  ... said once, as percentages" bash -c '[ "$(grep -c -F "$1" "$2")" = 1 ]' _ \
    'the layer scores as fractions (gradient 0 to 1, techniques[0].score = 0.5): its scores and gradient are read as percentages, 0.5 as 50' "$T/err"
check "  ... 1 is the gradient's top colour, 0.5 halfway" svg "$T/fractions.svg" 'cells["cell-credential-access-T1003"] == "#ff0000" and all(abs(int(cells["cell-execution-T1059"][i:i+2], 16) - v) <= 1 for i, v in ((1, 255), (3, 128), (5, 128)))'
check "  ... 0.001 is scored (as 1 of 100: 1% of the way from white)" svg "$T/fractions.svg" 'cells["cell-command-and-control-T1105"].lower() in ("#fffcfc", "#fffdfd")'
check "  ... the legend says percent" svg "$T/fractions.svg" '"Score (%)" in texts'
# Collapsed (default): T1059 (execution), T1053 under its 3 tactics, T1003, T1685 -> 6 coloured cells.
check "svg: well-formed, 6 coloured cells" svg "$T/l.svg" 'len(cells) == 6'
check "svg: max score in the high colour" svg "$T/l.svg" 'cells["cell-execution-T1059"] == "#8ec843"'
check "svg: score 1 of 0..3 is a third of the way" svg "$T/l.svg" 'cells["cell-credential-access-T1003"] == "#ffbc66"'
check "svg: title escaped and kept" svg "$T/l.svg" '"counted <fixtures> & co" in texts'
check "svg: date" svg "$T/l.svg" 'any(t.startswith("2026-01-02") for t in texts)'
check "svg --expand all: 12 coloured cells" exit_is 0 "$CLI" svg --expand all "$T/l.json" -o "$T/all.svg"
check "svg --expand all: each entry has its cell" svg "$T/all.svg" 'len(cells) == 12 and "cell-execution-T1059.001" in cells and "cell-persistence-T1053.005" in cells'
check "svg --expand annotated" exit_is 0 "$CLI" svg --expand annotated "$T/l.json" -o "$T/ann.svg"
check "svg --expand annotated: subs of scored parents" svg "$T/ann.svg" '"cell-execution-T1059.003" in cells and len(cells) == 12'
check "svg --palette colour-blind" exit_is 0 "$CLI" svg --palette colour-blind "$T/l.json" -o "$T/cb.svg"
check "svg colour-blind: max is black" svg "$T/cb.svg" 'cells["cell-execution-T1059"] == "#000000"'
check "svg --layout mini --hide-uncovered" exit_is 0 "$CLI" svg --layout mini --hide-uncovered "$T/l.json" -o "$T/mini.svg"
check "svg mini: same cells" svg "$T/mini.svg" 'len(cells) == 6'
check "svg --max-score 30" exit_is 0 "$CLI" svg --max-score 30 "$T/l.json" -o "$T/range.svg"
check "svg range: 3 of 30 is near the low end" svg "$T/range.svg" 'cells["cell-execution-T1059"] == "#ff8066"'
check "svg to stdout" bash -c "'$CLI' svg '$T/l.json' -o - 2>/dev/null | grep -q '</svg>'"

"$CLI" svg --date 2026-01-02 "$T/l.json" -o "$T/l2.svg" 2>/dev/null
check "svg deterministic" cmp "$T/l.svg" "$T/l2.svg"

check "png: exit 0" exit_is 0 "$CLI" png --date 2026-01-02 "$T/l.json" -o "$T/l.png"
check "png: signature and size = svg size" bash -c "[ \"\$(png_size '$T/l.png')\" = \"\$(sed -n 's/.*<svg[^>]* width=\"\\([0-9.]*\\)\" height=\"\\([0-9.]*\\)\".*/\\1 \\2/p' '$T/l.svg')\" ]"
check "png --scale 2 doubles the size" bash -c "
  '$CLI' png --scale 2 --date 2026-01-02 '$T/l.json' -o '$T/l2x.png' 2>/dev/null &&
  read w h < <(node -e 'const b=require(\"fs\").readFileSync(process.argv[1]);console.log(b.readUInt32BE(16)+\" \"+b.readUInt32BE(20))' '$T/l.png') &&
  read w2 h2 < <(node -e 'const b=require(\"fs\").readFileSync(process.argv[1]);console.log(b.readUInt32BE(16)+\" \"+b.readUInt32BE(20))' '$T/l2x.png') &&
  [ \$w2 = \$((w * 2)) ] && [ \$h2 = \$((h * 2)) ]"
"$CLI" png --date 2026-01-02 "$T/l.json" -o "$T/l-again.png" 2>/dev/null
check "png deterministic" cmp "$T/l.png" "$T/l-again.png"

# --- a layer as the ATT&CK Navigator saves it: versions.attack is the major alone ("18"), gradient
# colours carry alpha ("#ff6666ff"), several layers may share a file (a list). Before, the gradient
# was dropped for red-to-green, the layer was drawn against ATT&CK 19 (its defense-evasion entry
# lost) and a list was "not a Navigator layer".
cat >"$T/nav.json" <<'JSON'
{"name": "from the Navigator", "versions": {"attack": "18", "navigator": "5.1.0", "layer": "4.5"},
 "domain": "enterprise-attack",
 "techniques": [{"techniqueID": "T1059", "tactic": "execution", "score": 100, "enabled": true, "showSubtechniques": false},
                {"techniqueID": "T1562", "tactic": "defense-evasion", "score": 0}],
 "gradient": {"colors": ["#8ec843ff", "#ffe766ff", "#ff6666ff"], "minValue": 0, "maxValue": 100}}
JSON
check "Navigator's layer: exit 0" exit_is 0 "$CLI" svg "$T/nav.json" -o "$T/nav.svg"
check "Navigator's layer: drawn against ATT&CK 18.1, its major" grep -q "pairs from .*nav.json (ATT&CK 18.1)" "$T/err"
check "Navigator's layer: no version or domain complaint" bash -c "! grep -q 'read against' '$T/err'"
check "Navigator's layer: its own gradient (green to red), alpha dropped" svg "$T/nav.svg" 'cells["cell-execution-T1059"] == "#ff6666" and cells["cell-defense-evasion-T1562"] == "#8ec843"'
{ printf '['; cat "$T/nav.json"; printf ',{"name": "second", "techniques": [{"techniqueID": "T1105", "score": 5}]}]'; } >"$T/navs.json"
check "two layers in a list: exit 0" exit_is 0 "$CLI" svg "$T/navs.json" -o "$T/navs.svg"
check "two layers in a list: said" grep -q "the file holds 2 layers; only the first (from the Navigator) is read" "$T/err"
check "two layers in a list: the first drawn" svg "$T/navs.svg" 'len(cells) == 2 and "cell-command-and-control-T1105" not in cells'

# --- a layer's own colours: an entry's color fills its cell over the score's colour (colour-only
# entries too), a disabled entry is drawn without a background, as in the Navigator. Before, every
# cell took its score's colour.
cat >"$T/painted.json" <<'JSON'
{"name": "painted", "versions": {"attack": "19", "layer": "4.5"}, "domain": "enterprise-attack",
 "techniques": [{"techniqueID": "T1059", "tactic": "execution", "score": 100, "color": "#0000ff"},
                {"techniqueID": "T1105", "color": "#ff00ff"},
                {"techniqueID": "T1003", "tactic": "credential-access", "score": 100, "enabled": false}]}
JSON
check "painted layer: exit 0" exit_is 0 "$CLI" svg "$T/painted.json" -o "$T/painted.svg"
check "painted layer: the entry's colour, not the score's" svg "$T/painted.svg" 'cells["cell-execution-T1059"] == "#0000ff"'
check "painted layer: a disabled entry has no background" svg "$T/painted.svg" 'cells["cell-credential-access-T1003"] == "#f3f4f6"'
check "painted layer: a colour-only entry is coloured, not scored" python3 -c "import sys; t=open(sys.argv[1]).read(); sys.exit(0 if 'id=\"cell-command-and-control-T1105\" class=\"cell\"' in t and 'fill=\"#ff00ff\"' in t else 1)" "$T/painted.svg"

# --- other producers' layers and hostile input ---
check "other producer: exit 0" exit_is 0 "$CLI" svg "$DATA/import/navigator-other.json" -o "$T/other.svg"
check "other producer: quirks reported" grep -q "T9999: not a technique" "$T/err"
check "other producer: revoked id moved" grep -q "counts for T1547.004" "$T/err"
check "other producer: scores drawn" svg "$T/other.svg" '"cell-execution-T1059" in cells and "cell-persistence-T1547" in cells'
check "hostile layer: exit 0" exit_is 0 "$CLI" png "$DATA/import/hostile-layer.json" -o "$T/hostile.png"
check "hostile layer svg well-formed" bash -c "'$CLI' svg '$DATA/import/hostile-layer.json' -o '$T/hostile.svg' 2>/dev/null"
check "hostile layer: no raw markup" bash -c "! grep -q '<script>' '$T/hostile.svg'"
check "hostile layer: parses" svg "$T/hostile.svg" 'len(cells) >= 1'
printf 'not json' >"$T/bad.json"
check "not JSON: exit 1" exit_is 1 "$CLI" svg "$T/bad.json" -o "$T/bad.svg"
check "not JSON: says so" grep -q "not valid JSON" "$T/err"
check "not JSON: no file" test ! -e "$T/bad.svg"
printf '[1,2,3]' >"$T/array.json"
check "JSON array: exit 1" exit_is 1 "$CLI" png "$T/array.json" -o "$T/array.png"
check "missing file: exit 1" exit_is 1 "$CLI" png "$T/nope.json" -o "$T/nope.png"
node -e 'const t=[];for(let i=0;i<200000;i++)t.push({techniqueID:"T"+(1000+i%9000),tactic:"execution",score:i});
         require("fs").writeFileSync(process.argv[1], JSON.stringify({name:"big",techniques:t}))' "$T/big.json"
check "200k entries: exit 0, diagnostics bounded by the catalogue, not the entries" bash -c "'$CLI' svg '$T/big.json' -o '$T/big.svg' 2>'$T/big.err' && [ \$(wc -l <'$T/big.err') -lt 400 ]"
check "unwritable output: exit 1" exit_is 1 "$CLI" svg "$T/l.json" -o "$T/no/such/dir/x.svg"

finish images
