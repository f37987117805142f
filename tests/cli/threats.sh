#!/usr/bin/env bash
# tests/cli/threats.sh — threat-informed coverage in the CLI: --threat for layer --report and gaps
# (names, aliases, ids; unknown names with the closest ones, exit 2), the `threats` ranking (--top,
# --csv, --kind, --json), and --threat-layer as a Navigator 4.5 layer like ours.
# Usage: tests/cli/threats.sh path/to/sigma-heatmap     (JSON is checked with node, no jq needed)
set -u
CLI=${1:?usage: threats.sh path/to/sigma-heatmap}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
RULES=$ROOT/assets/samples
source "$HERE/lib.bash"

usage_line() {  # usage_line COMMAND ARGS... : exit 2 with one line naming the command and --help
    local cmd=$1
    exit_is 2 "$CLI" "$@" && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "^sigma-heatmap $cmd: .*(see sigma-heatmap $cmd --help)$" "$T/err" ||
        { echo "stderr was:"; cat "$T/err"; return 1; }
}

# --- layer --threat: the report's threats part, the board's section, the gap frequency ---
check "layer --threat APT29 --report" exit_is 0 "$CLI" layer "$RULES" -o "$T/l.json" --threat APT29 --report "$T/r.json"
check "  says how APT29 is covered" grep -qE '^Against APT29 \(G0016\): [0-9]+ of [0-9]+ techniques covered \([0-9]+%\), [0-9]+ covered well$' "$T/err"
check "  report: the selection" json "$T/r.json" 'j.threats.selected.length===1 && j.threats.selected[0].id==="G0016" && j.threats.selected[0].used>40 && j.threats.selected[0].covered>0'
check "  report: its numbers add up" json "$T/r.json" '(s=>s.covered>=s.coveredWell && s.uncoveredTotal===s.used-s.covered && s.uncovered.length===Math.min(10,s.uncoveredTotal))(j.threats.selected[0])'
check "  board: the line and the ranking" json "$T/r.json" 'j.board.threats.lines[0].startsWith("Against APT29: ") && j.board.threats.weakest.rows.length===10 && j.board.threats.weakest.kinds.join()==="group,campaign"'
check "  gaps: frequency from the selection" json "$T/r.json" 'j.gaps.rows.every(r=>r.frequencySource==="selected-threats" && [0,100].includes(r.frequency))'
check "  the board's line is the report's numbers" json "$T/r.json" '(s=>j.board.threats.lines[0]==="Against APT29: "+s.covered+" of "+s.used+" techniques covered ("+Math.round(s.coveredPct)+"%), "+s.coveredWell+" covered well")(j.threats.selected[0])'
check "layer --report without --threat: no threats part, the ranking on the board" exit_is 0 "$CLI" layer "$RULES" -o "$T/l0.json" --report "$T/r0.json"
check "  ... and the usual frequency" json "$T/r0.json" '!("threats" in j) && j.board.threats.lines.length===0 && j.board.threats.weakest.rows.length===10 && j.gaps.rows[0].frequencySource==="attack-groups"'

# --- names, aliases, ids ---
check "alias: Cozy Bear is APT29" exit_is 0 "$CLI" layer "$RULES" -o "$T/l2.json" --threat "Cozy Bear" --report "$T/r2.json"
check "  same selection" json "$T/r2.json" 'j.threats.selected[0].id==="G0016"'
check "  the shared alias is said" grep -q "also names CozyCar (S0046); using the group APT29 (G0016)" "$T/err"
check "  same numbers as by name" bash -c "node -e 'const f=require(\"fs\"),a=JSON.parse(f.readFileSync(process.argv[1])),b=JSON.parse(f.readFileSync(process.argv[2]));process.exit(JSON.stringify(a.threats)===JSON.stringify(b.threats)?0:1)' '$T/r.json' '$T/r2.json'"
check "a revoked group is its replacement" exit_is 0 "$CLI" layer "$RULES" -o "$T/l3.json" --threat G0118 --threat c0024 --report "$T/r3.json"
check "  with a note" grep -q "UNC2452 (G0118) was merged into APT29 (G0016)" "$T/err"
check "  campaigns from the v19 catalogue" json "$T/r3.json" 'j.threats.selected.map(s=>s.id).join()==="G0016,C0024"'
check "unknown name: exit 2, one line, the closest names" usage_line layer "$RULES" -o "$T/x.json" --threat APT-299
check "  ... APT29 first" grep -q "no group, campaign or software called 'APT-299' in ATT&CK 19; closest: APT29 (G0016)" "$T/err"
check "  ... nothing written" test ! -e "$T/x.json"
# With --attack-data the rules load while the catalogue is built: a usage error still stops it all.
check "unknown name beside --attack-data: exit 2, one line" usage_line layer "$RULES" -o "$T/x.json" --threat APT-299 \
    --attack-data "$ROOT/assets/attack/enterprise-attack-18.1.json"
check "  ... in ATT&CK 18.1, nothing written" bash -c "grep -q \"called 'APT-299' in ATT&CK 18.1; closest: APT29 (G0016)\" '$T/err' && test ! -e '$T/x.json'"
check "--threat-layer needs --threat" usage_line layer "$RULES" -o "$T/x.json" --threat-layer "$T/t.json"
check "empty --threat" usage_line gaps "$RULES" --threat ''

# --- gaps --threat ---
check "gaps --threat" exit_is 0 "$CLI" gaps "$RULES" --threat G0016 --json "$T/g.json"
check "  the formula says where frequency comes from" grep -q '^frequency = % of the selected threats using the technique$' "$T/out"
check "  rows from the selection" json "$T/g.json" 'j.rows.length===10 && j.rows[0].frequencySource==="selected-threats" && j.rows[0].frequency===100'
printf 'technique,frequency\nT1059.001,40\n' >"$T/freq.csv"
check "gaps --threat --frequency: the CSV wins" exit_is 0 "$CLI" gaps "$RULES" --threat G0016 --frequency "$T/freq.csv" --json "$T/gf.json"
check "  rows from the CSV" json "$T/gf.json" 'j.rows.every(r=>r.frequencySource==="csv")'

# --- threats: the ranking ---
check "threats" exit_is 0 "$CLI" threats "$RULES" --top 5
check "  a table of 5" bash -c "[ \$(grep -cE '^ +[0-9]+  [CG][0-9]{4} ' '$T/out') = 5 ] && head -1 '$T/out' | grep -q 'covered%'"
check "  summary" grep -qE '^sigma-heatmap: 9 rules; [0-9]+ threats ranked \(group, campaign; [0-9]+ with fewer than 5' "$T/err"
# Counts of one ("1 rules; 1 gaps listed", "fewer than 1 counted techniques" before).
ONE=$RULES/proc_access_win_lsass_memory_read.yml
check "one rule: threats --min-techniques 1 --top 1" exit_is 0 "$CLI" threats "$ONE" --min-techniques 1 --top 1
check "  summary in the singular" grep -qE '^sigma-heatmap: 1 rule; [0-9]+ threats ranked \(group, campaign; [0-9]+ with fewer than 1 counted technique left out\), 1 listed; ATT&CK ' "$T/err"
check "one rule: gaps --top 1" exit_is 0 "$CLI" gaps "$ONE" --top 1
check "  summary in the singular" grep -qx 'sigma-heatmap: 1 rule; 1 gap listed (score below 80, frequency from ATT&CK groups and campaigns)' "$T/err"
check "threats --csv - --kind software --top 0" exit_is 0 "$CLI" threats "$RULES" --csv - --kind software --top 0
check "  CSV header" bash -c "head -1 '$T/out' | grep -qx 'rank,id,name,kind,used,covered,covered_well,covered_pct,well_pct'"
check "  only software, lowest share first" node -e '
  const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  if (rows.length < 100) throw new Error("rows " + rows.length);
  for (const r of rows) if (!["malware", "tool"].includes(r[r.length - 6])) throw new Error(r.join());
  const pct = rows.map((r) => +r[r.length - 2]);
  for (let i = 1; i < pct.length; ++i) if (pct[i] < pct[i - 1]) throw new Error("not sorted at " + i);' "$T/out"
check "threats --json with a selection" exit_is 0 "$CLI" threats "$RULES" --json "$T/t.json" --threat S0002 --min-techniques 20
check "  ranking and selection" json "$T/t.json" 'j.ranking.minTechniques===20 && j.ranking.rows.every(r=>r.used>=20) && j.threats.selected[0].name==="Mimikatz"'
check "--kind bogus" usage_line threats "$RULES" --kind gang

# --- --threat-layer: a Navigator 4.5 layer as ours are ---
check "--threat-layer" exit_is 0 "$CLI" layer "$RULES" -o "$T/l4.json" --threat APT29 --threat FIN7 --threat-layer "$T/tl.json"
check "  format 4.5, ATT&CK 19, the domain" json "$T/tl.json" 'j.versions.layer==="4.5" && j.versions.attack==="19" && j.domain==="enterprise-attack"'
check "  every entry: tactic, integer score, no duplicate pair" json "$T/tl.json" 'new Set(j.techniques.map(t=>t.techniqueID+"/"+t.tactic)).size===j.techniques.length && j.techniques.every(t=>t.tactic && Number.isInteger(t.score))'
check "  uncovered ones 0 and red, covered ones our score" json "$T/tl.json" 'j.techniques.some(t=>t.score===0 && t.color==="#e8413c") && j.techniques.filter(t=>t.score>0).every(t=>t.color==="")'
check "  gradient max > min, from the scores" json "$T/tl.json" 'j.gradient.maxValue>j.gradient.minValue && j.gradient.maxValue===Math.max(1,...j.techniques.map(t=>t.score))'
check "  the threats in metadata and comments" json "$T/tl.json" 'j.metadata.some(m=>m.name==="threats" && m.value==="APT29 (G0016), FIN7 (G0046)") && j.techniques.every(t=>/used by (APT29|FIN7)/.test(t.comment))'
check "  only (technique, tactic) pairs of the catalogue: the svg command reads it without a word" exit_is 0 "$CLI" svg "$T/tl.json" -o "$T/tl.svg"
check "  ... no warning or error, every pair scored" bash -c "! grep -qiE 'warning|error' '$T/err' && grep -q \"^sigma-heatmap: \$(node -e 'console.log(JSON.parse(require(\"fs\").readFileSync(process.argv[1])).techniques.length)' '$T/tl.json') scored technique/tactic pairs\" '$T/err'"
check "  its techniques are the report's" bash -c "'$CLI' layer '$RULES' -o '$T/l5.json' --threat APT29 --threat FIN7 --report '$T/r5.json' 2>/dev/null && node -e '
  const f=require(\"fs\"), l=JSON.parse(f.readFileSync(process.argv[1])), r=JSON.parse(f.readFileSync(process.argv[2]));
  const a=[...new Set(l.techniques.map(t=>t.techniqueID))].sort().join(), b=r.threats.techniques.map(t=>t.technique).sort().join();
  process.exit(a===b && a.length>0 ? 0 : 1)' '$T/tl.json' '$T/r5.json'"

# --- board --threat: the selection in the HTML document, the same numbers as layer --report ---
PY=python3
for p in /usr/bin/python3 python3; do "$p" -c 'import html5lib' 2>/dev/null && { PY=$p; break; }; done
check "board --threat" exit_is 0 "$CLI" board "$RULES" --threat APT29 --threat FIN7 -o "$T/b.html" --report "$T/br.json" --date 2026-02-03
check "  the report's threats as layer --report's" json "$T/br.json" 'j.threats.selected.map(s=>s.id).join()==="G0016,G0046" && j.board.threats.lines.length===2'
check "  the document says it" bash -c "grep -q 'Against the selected threats' '$T/b.html' && grep -q \"\$(node -e 'console.log(JSON.parse(require(\"fs\").readFileSync(process.argv[1])).board.threats.lines[0])' '$T/br.json')\" '$T/b.html' && grep -q 'Weakest against' '$T/b.html'"
check "  valid HTML5" "$PY" "$HERE/html5_check.py" "$T/b.html"
check "  gaps say where frequency comes from" grep -q 'frequency is the share of the 2 selected threats using the technique' "$T/b.html"
check "layer --board-html --threat: the same document" exit_is 0 "$CLI" layer "$RULES" -o "$T/lb.json" --name "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).board.title.split(" \u2014 ")[1])' "$T/br.json")" --threat APT29 --threat FIN7 --board-html "$T/lb.html" --date 2026-02-03
check "  byte for byte" cmp "$T/b.html" "$T/lb.html"
"$CLI" layer "$RULES" -o "$T/l18.json" --attack-data "$ROOT/assets/attack/enterprise-attack-18.1.json" 2>/dev/null
check "board of a v18.1 layer --threat: the threat in v18.1" exit_is 0 "$CLI" board "$T/l18.json" --threat "Cozy Bear" -o "$T/b18.html" --report "$T/b18.json"
check "  v18.1's APT29" json "$T/b18.json" 'j.threats.selected[0].id==="G0016" && j.board.subtitle.includes("ATT&CK 18.1")'

finish threats
