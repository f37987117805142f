#!/usr/bin/env bash
# tests/cli/reports.sh — `diff`, `gaps` and the report options of `layer`: exit codes, the exact
# alert text, Slack payload, diff layer, targets, baselines, quality profile, --report JSON.
# Usage: tests/cli/reports.sh path/to/sigma-heatmap     (JSON is checked with node, no jq needed)
# Fixtures: tests/data/report/ (rules scored with the embedded ATT&CK v19:
#   T1059.001 80 (high, stable), T1003.001 100 (critical, experimental),
#   T1053.005 30 in execution/persistence/privilege-escalation (low, test), T1087 30 (low, stable));
# prev_layer.json (coverage_q3_2026) had T1021.001 80, T1053.005 80, T1566.001 30 and the rest as now.
set -u
CLI=${1:?usage: reports.sh path/to/sigma-heatmap}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
R=$ROOT/tests/data/report
source "$HERE/lib.bash"

same() {  # same FILE EXPECTED-TEXT : the file holds exactly that text (plus its final newline)
    diff <(printf '%s\n' "$2") "$1"
}

# The current layer all diff checks compare with.
"$CLI" layer --name current "$R/rules" -o "$T/cur.json" 2>/dev/null

ALERT='2 techniques dropped below 50 since coverage_q3_2026
- T1021.001 Remote Services: Remote Desktop Protocol (lateral-movement): 80 -> 0
- T1053.005 Scheduled Task/Job: Scheduled Task (execution, persistence, privilege-escalation): 80 -> 30
1 technique below 50 lost all coverage since coverage_q3_2026
- T1566.001 Phishing: Spearphishing Attachment (initial-access): 30 -> 0'

# --- diff: usage ---
check "diff --help" exit_is 0 "$CLI" diff --help
check "diff help names exit 3" grep -q 'exit 3\|3 when' <("$CLI" diff --help)
check "diff one layer: usage" exit_is 2 "$CLI" diff "$R/prev_layer.json"
check "diff three layers: usage" exit_is 2 "$CLI" diff "$R/prev_layer.json" "$T/cur.json" "$T/cur.json"
check "diff bad option" exit_is 2 "$CLI" diff --frobnicate "$R/prev_layer.json" "$T/cur.json"
check "diff bad threshold" exit_is 2 "$CLI" diff --threshold abc "$R/prev_layer.json" "$T/cur.json"
check "diff bad alert format" exit_is 2 "$CLI" diff --alert-format xml "$R/prev_layer.json" "$T/cur.json"
check "diff missing layer: 1" exit_is 1 "$CLI" diff "$T/nope.json" "$T/cur.json"
check "diff not a layer: 1" exit_is 1 "$CLI" diff "$R/frequency.csv" "$T/cur.json"
check "not a layer named" grep -q 'frequency.csv.*not valid JSON' "$T/err"

# --- diff: alert text, exit codes ---
check "diff exit 0" exit_is 0 "$CLI" diff "$R/prev_layer.json" "$T/cur.json"
check "exact alert text" same "$T/out" "$ALERT"
check "diff summary" grep -q 'new gaps 3, closed gaps 0' "$T/err"
check "--fail-on-drop 50: exit 3" exit_is 3 "$CLI" diff --fail-on-drop 50 "$R/prev_layer.json" "$T/cur.json"
check "alert still printed on exit 3" same "$T/out" "$ALERT"
check "exit 3 explained" grep -q '2 techniques dropped below 50 (--fail-on-drop): exit 3' "$T/err"
check "--fail-on-drop 30: exit 3 (80 -> 0)" exit_is 3 "$CLI" diff --fail-on-drop 30 "$R/prev_layer.json" "$T/cur.json"
# Two 0..5 layers against the default threshold 50: said, with one on their scale; with it, the
# drop 5 -> 1 is an alert.
printf '%s' '{"name":"rt_q2","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack","techniques":[{"techniqueID":"T1059","tactic":"execution","score":5}]}' > "$T/rt_q2.json"
printf '%s' '{"name":"rt_q3","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack","techniques":[{"techniqueID":"T1059","tactic":"execution","score":1}]}' > "$T/rt_q3.json"
check "diff of two 0..5 layers: 0" exit_is 0 "$CLI" diff "$T/rt_q2.json" "$T/rt_q3.json"
check "  ... warns that 50 is off their scale" grep -q "warning: both layers' scores go up to 5, below the alert threshold 50.*give --threshold N on their scale (e.g. 3)" "$T/err"
check "diff of two 0..5 layers --threshold 3" exit_is 0 "$CLI" diff --threshold 3 "$T/rt_q2.json" "$T/rt_q3.json"
check "  ... says nothing of it" bash -c "! grep -q 'alert threshold' '$T/err'"
check "  ... and the drop is the alert" grep -q "1 technique dropped below 3 since rt_q2" "$T/out"
check "--fail-on-drop 90: exit 0 (nothing was >= 90 and fell)" exit_is 0 "$CLI" diff --fail-on-drop 90 "$R/prev_layer.json" "$T/cur.json"
check "--threshold 81: none dropped, two lost" exit_is 0 "$CLI" diff --threshold 81 "$R/prev_layer.json" "$T/cur.json"
check "alert at 81" same "$T/out" '0 techniques dropped below 81 since coverage_q3_2026
2 techniques below 81 lost all coverage since coverage_q3_2026
- T1021.001 Remote Services: Remote Desktop Protocol (lateral-movement): 80 -> 0
- T1566.001 Phishing: Spearphishing Attachment (initial-access): 30 -> 0'
check "no change: 0 techniques" exit_is 0 "$CLI" diff "$T/cur.json" "$T/cur.json"
check "alert: 0 techniques" same "$T/out" '0 techniques dropped below 50 since current'
# On a platform: only its techniques (T1021.001 and T1053.005 are Windows-only; T1566.001 is also on
# Linux), and the alert says which.
LINUX_ALERT='0 techniques dropped below 50 on Linux since coverage_q3_2026
1 technique below 50 lost all coverage on Linux since coverage_q3_2026
- T1566.001 Phishing: Spearphishing Attachment (initial-access): 30 -> 0'
check "diff --platform linux: exit 0" exit_is 0 "$CLI" diff --platform linux --diff-out "$T/dl.json" "$R/prev_layer.json" "$T/cur.json"
check "  ... the Linux alert" same "$T/out" "$LINUX_ALERT"
check "  ... summary says the platform" grep -q 'new gaps 1, closed gaps 0 (threshold 50, on Linux)' "$T/err"
check "  ... the diff layer is filtered to Linux" json "$T/dl.json" 'JSON.stringify(j.filters.platforms)==="[\"Linux\"]" && j.techniques.every((t)=>t.techniqueID==="T1566.001")'
check "diff --platform Windows --fail-on-drop 50: exit 3" exit_is 3 "$CLI" diff --platform Windows --fail-on-drop 50 "$R/prev_layer.json" "$T/cur.json"
check "diff --platform linux --fail-on-drop 50: exit 0 (no Linux technique fell)" exit_is 0 "$CLI" diff --platform linux --fail-on-drop 50 "$R/prev_layer.json" "$T/cur.json"
check "diff --platform Linx: usage error naming the platforms" exit_is 2 "$CLI" diff --platform Linx "$R/prev_layer.json" "$T/cur.json"
check "  ... lists them" grep -q "no technique of ATT&CK 19 enterprise-attack is on 'Linx'; its platforms: .*Linux" "$T/err"
# A current layer filtered to Linux (as the Navigator shows it) is compared on Linux by itself.
"$CLI" layer --name current --platform Linux "$R/rules" -o "$T/cur_linux.json" 2>/dev/null
check "diff of a Linux layer: exit 0" exit_is 0 "$CLI" diff --json "$T/dj.json" "$R/prev_layer.json" "$T/cur_linux.json"
check "  ... on its filter" same "$T/out" "$LINUX_ALERT"
check "  ... JSON names it" json "$T/dj.json" 'JSON.stringify(j.platforms)==="[\"Linux\"]" && j.newGaps.length===1'
check "  ... --platform wins" exit_is 0 "$CLI" diff --platform Windows "$R/prev_layer.json" "$T/cur_linux.json"
check "  ... Windows' alert" grep -q '^2 techniques dropped below 50 on Windows since coverage_q3_2026$' "$T/out"
check "layer --prev --platform linux: the same alert" exit_is 0 "$CLI" layer --name current --platform linux --prev "$R/prev_layer.json" "$R/rules" -o "$T/l.json"
check "  ... on Linux" same "$T/out" "$LINUX_ALERT"

# --- diff: another producer's layer (duplicates, no tactic, colour-only) ---
check "other producer: exit 0" exit_is 0 "$CLI" diff --threshold 85 "$R/other_producer_v19.json" "$T/cur.json"
check "other producer: max of duplicates, singular" same "$T/out" '1 technique dropped below 85 since other_producer_v19
- T1059.001 Command and Scripting Interpreter: PowerShell (execution): 90 -> 80'
check "other producer as current" exit_is 0 "$CLI" diff --json "$T/op.json" "$R/prev_layer.json" "$R/other_producer_v19.json"
check "duplicates and tactic-less entries" json "$T/op.json" 'j.changes.find(c=>c.technique==="T1059.001").after===90 && j.changes.find(c=>c.technique==="T1059.001").tactic==="execution" && !j.changes.some(c=>c.technique==="T1003.001")'
check "colour-only entry is no score" json "$T/op.json" 'j.droppedBelow.some(t=>t.technique==="T1021.001" && t.after===0)'

# --- diff: entries the matrix cannot show are compared as written (an unknown id) or under the
# technique's own tactics (a tactic it does not have), and said ---
cat > "$T/odd.json" <<'JSON'
{"name": "odd", "versions": {"layer": "4.5"}, "domain": "enterprise-attack", "techniques": [
  {"techniqueID": "T9999", "score": 80},
  {"techniqueID": "T1003", "tactic": "nonsense", "score": 50},
  {"techniqueID": "T1110", "tactic": "execution", "score": 60}]}
JSON
check "odd layer: exit 0" exit_is 0 "$CLI" diff "$T/odd.json" "$T/cur.json"
check "odd layer: unknown id warned, file named" grep -qF "odd.json: warning: technique T9999 is not in ATT&CK 19 enterprise-attack; compared as written" "$T/err"
check "odd layer: tactic not of the technique warned" grep -qF "odd.json: warning: T1003: tactic 'nonsense' is not a tactic of T1003 in ATT&CK 19 enterprise-attack; compared under T1003's own tactics" "$T/err"
check "odd layer: execution is not Brute Force's" grep -qF "T1110: tactic 'execution' is not a tactic of T1110" "$T/err"
check "odd layer: --json" exit_is 0 "$CLI" diff -q --json "$T/d.json" "$T/odd.json" "$T/cur.json"
check "odd layer: T1110's 60 is compared under credential-access, not as a change under execution" json "$T/d.json" 'j.changes.some(c=>c.technique==="T1110") && j.changes.every(c=>!(c.technique==="T1110" && c.tactic==="execution"))' 
check "odd layer: still compared, said unknown" grep -qF -- '- T9999 (not in ATT&CK 19 enterprise-attack): 80 -> 0' "$T/out"
check "odd layer: our own layer has nothing to say" bash -c "! grep -q 'cur.json: warning' '$T/err'"
check "-q: no warnings" exit_is 0 "$CLI" diff -q "$T/odd.json" "$T/cur.json"
check "-q: nothing on stderr" bash -c "! grep -q warning '$T/err'"
check "layer --prev odd: warned too" exit_is 0 "$CLI" layer --name current "$R/rules" -o "$T/lo.json" --prev "$T/odd.json"
check "layer --prev odd: the warning" grep -qF "odd.json: warning: technique T9999 is not in ATT&CK 19" "$T/err"

# --- diff: Slack, diff layer, JSON ---
check "slack exit 0" exit_is 0 "$CLI" diff --alert-format slack "$R/prev_layer.json" "$T/cur.json"
check "slack payload" json "$T/out" 'j.text.startsWith("2 techniques dropped below 50 since coverage_q3_2026") && j.blocks.length===4 && j.blocks[0].type==="section" && j.blocks[0].text.type==="mrkdwn" && j.blocks[1].text.text.includes("T1021.001")'
check "diff layer -o" exit_is 0 "$CLI" diff -o "$T/diff.json" "$R/prev_layer.json" "$T/cur.json"
check "diff layer 4.5, gradient -80..80" json "$T/diff.json" 'j.versions.layer==="4.5" && j.versions.attack==="19" && j.gradient.minValue===-80 && j.gradient.maxValue===80 && j.gradient.colors.length===3'
check "diff layer scores = changes" json "$T/diff.json" 'j.techniques.length===5 && j.techniques.find(t=>t.techniqueID==="T1021.001").score===-80 && j.techniques.filter(t=>t.techniqueID==="T1053.005").every(t=>t.score===-50 && t.tactic)'
check "diff --json to stdout" exit_is 0 "$CLI" diff --json - "$R/prev_layer.json" "$T/cur.json"
check "json: new gaps and alert" json "$T/out" 'j.newGaps.length===3 && j.closedGaps.length===0 && j.alert==="2 techniques dropped below 50 since coverage_q3_2026"'
check "alert to stderr when stdout holds JSON" grep -q '^2 techniques dropped below 50' "$T/err"
check "--alert-out" exit_is 0 "$CLI" diff --alert-out "$T/alert.txt" "$R/prev_layer.json" "$T/cur.json"
check "--alert-out text" same "$T/alert.txt" "$ALERT"

# --- layer --prev ---
check "layer --prev: exit 0" exit_is 0 "$CLI" layer --name current "$R/rules" -o "$T/l.json" --prev "$R/prev_layer.json"
check "layer --prev: alert on stdout" same "$T/out" "$ALERT"
check "layer unchanged by --prev" cmp "$T/l.json" "$T/cur.json"
check "layer --prev --fail-on-drop 50: exit 3" exit_is 3 "$CLI" layer --name current "$R/rules" -o "$T/l3.json" --prev "$R/prev_layer.json" --fail-on-drop 50
check "layer written even on exit 3" cmp "$T/l3.json" "$T/cur.json"
check "layer -o - : alert on stderr" exit_is 0 "$CLI" layer --name current "$R/rules" -o - --prev "$R/prev_layer.json"
check "stdout is only the layer" json "$T/out" 'j.name==="current"'
check "alert on stderr" grep -q '^2 techniques dropped below 50 since coverage_q3_2026$' "$T/err"
check "layer --prev slack + diff-out" exit_is 0 "$CLI" layer "$R/rules" -o "$T/l4.json" --prev "$R/prev_layer.json" --alert-format slack --alert-out "$T/slack.json" --diff-out "$T/d4.json"
check "slack file" json "$T/slack.json" 'j.blocks[0].text.text==="*2 techniques dropped below 50 since coverage_q3_2026*"'
check "diff-out file" json "$T/d4.json" 'j.gradient.minValue===-80'
check "--fail-on-drop without --prev: usage" exit_is 2 "$CLI" layer "$R/rules" -o "$T/x.json" --fail-on-drop 50
check "--prev not a layer: exit 1" exit_is 1 "$CLI" layer "$R/rules" -o "$T/x.json" --prev "$R/frequency.csv"
check "no layer written then" test ! -e "$T/x.json"

# --- targets and baselines ---
check "targets met: exit 0" exit_is 0 "$CLI" layer "$R/rules" -o "$T/t.json" --targets "$R/targets_met.csv" --fail-on-gaps
check "targets summary" grep -q '^targets: 2 of 2 met$' "$T/err"
check "target not met: exit 4" exit_is 4 "$CLI" layer "$R/rules" -o "$T/t.json" --targets "$R/targets_unmet.txt" --fail-on-gaps
check "unmet target named" grep -q 'not met: T1059.001 (80 < 90)' "$T/err"
check "not met without --fail-on-gaps: exit 0" exit_is 0 "$CLI" layer "$R/rules" -o "$T/t.json" --targets "$R/targets_unmet.txt"
check "a layer as targets: exit 4" exit_is 4 "$CLI" layer "$R/rules" -o "$T/t.json" --targets "$R/prev_layer.json" --fail-on-gaps
check "layer targets" grep -q 'targets: 4 of 6 met; not met: T1021.001 (0 < 1), T1566.001 (0 < 1)' "$T/err"
check "drop wins over targets: exit 3" exit_is 3 "$CLI" layer "$R/rules" -o "$T/t.json" --targets "$R/targets_unmet.txt" --fail-on-gaps --prev "$R/prev_layer.json" --fail-on-drop 50
# A minimum above every possible score once wrapped to INT_MIN and counted as met (exit 0).
printf 'technique,min_score\nT1059.001,4000000000\n' > "$T/targets_huge.csv"
check "minimum score 4000000000: not met, exit 4" exit_is 4 "$CLI" layer "$R/rules" -o "$T/t.json" --targets "$T/targets_huge.csv" --fail-on-gaps
check "range warning" grep -q 'minimum score 4000000000 is above the largest score (1000000000); 1000000000 used' "$T/err"
check "--fail-on-gaps without --targets: usage" exit_is 2 "$CLI" layer "$R/rules" -o "$T/t.json" --fail-on-gaps
check "baseline" exit_is 0 "$CLI" layer "$R/rules" -o "$T/b.json" --baseline "$R/prev_layer.json"
check "baseline summary" grep -q '^baseline coverage_q3_2026: 4 covered there but not here: T1021, T1021.001, T1566, T1566.001; 0 covered here but not there; 7 both$' "$T/err"

# --- gaps ---
check "gaps --help" exit_is 0 "$CLI" gaps --help
check "gaps no paths: usage" exit_is 2 "$CLI" gaps
check "gaps bad --top" exit_is 2 "$CLI" gaps --top many "$R/rules"
check "gaps default" exit_is 0 "$CLI" gaps "$R/rules"
check "gaps table header" grep -q 'rank  technique  tactic' "$T/out"
check "gaps 10 rows" test "$(grep -cE '^ +[0-9]+  T[0-9]{4}' "$T/out")" = 10
check "gaps with frequency and weights" exit_is 0 "$CLI" gaps "$R/rules" --frequency "$R/frequency.csv" --weights "$R/weights_threat_only.yml" --top 3 --csv "$T/gaps.csv"
check "gaps CSV, every term" same "$T/gaps.csv" 'rank,technique,name,tactic,score,criticality,frequency,frequency_source,impact_term,threat_term,coverage_term,priority
1,T1021,Remote Services,lateral-movement,0,3.00,60.00,csv,0.00,60.00,0.00,60.00
2,T1566,Phishing,initial-access,0,2.00,50.00,csv,0.00,50.00,0.00,50.00
3,T1053,Scheduled Task/Job,privilege-escalation,30,3.00,40.00,csv,0.00,40.00,3.00,37.00'
check "gaps --json" exit_is 0 "$CLI" gaps "$R/rules" --frequency "$R/frequency.csv" --weights "$R/weights_threat_only.yml" --top 3 --json "$T/gaps.json"
check "gaps JSON" json "$T/gaps.json" 'j.rows.length===3 && j.rows[2].coverageTerm===3 && j.rows[2].priority===37 && j.impactWeight===0'
check "bad frequency line: warning with line, still runs" exit_is 0 "$CLI" gaps "$R/rules" --frequency "$R/frequency_bad.csv"
check "frequency error names the line" grep -q 'frequency_bad.csv:3: error' "$T/err"
check "broken weights: exit 1" exit_is 1 "$CLI" gaps "$R/rules" --weights "$R/weights_broken.yml"
check "broken weights named with line" grep -q 'weights_broken.yml:[0-9]' "$T/err"
check "gaps platform filter" exit_is 0 "$CLI" gaps "$R/rules" --platform macOS --top 0 --csv "$T/mac.csv"
check "macOS gaps exclude Windows-only T1047" bash -c "! grep -q ',T1047,' '$T/mac.csv'"

# --- quality profile ---
check "--score quality needs --quality" exit_is 2 "$CLI" layer --score quality "$R/rules" -o "$T/q.json"
check "--score quality" exit_is 0 "$CLI" layer --score quality --quality "$R/rule_tests.csv" "$R/rules" -o "$T/q.json"
check "quality scores: 81 by title, 76 by id, untested 0" json "$T/q.json" 'j.techniques.find(t=>t.techniqueID==="T1059.001").score===81 && j.techniques.find(t=>t.techniqueID==="T1003.001").score===76 && j.techniques.find(t=>t.techniqueID==="T1087").score===0'

# --- --report: KPIs, gaps, diff, board, latency, trend ---
check "layer --report" exit_is 0 "$CLI" layer --name current "$R/rules" -o "$T/r.json" --prev "$R/prev_layer.json" --report "$T/report.json" --alerts "$R/alerts.csv" --history "$R/prev_layer.json"
check "report KPIs" json "$T/report.json" 'j.kpis.techniques.covered===4 && j.kpis.techniques.atThreshold===2 && j.kpis.rules.total===4 && j.kpis.tactics.length===15 && j.kpis.fragile.length===2'
check "report gaps + diff + board" json "$T/report.json" 'j.gaps.rows.length===10 && j.diff.newGaps.length===3 && j.board.tiles[0].label==="Techniques covered" && j.board.tacticBars.length===15'
check "report latency: median 600 s" json "$T/report.json" 'j.latency.overall.alerts===3 && j.latency.overall.medianSeconds===600 && j.latency.unmatched===1'
check "report trend: two points by date, the current rules dated today" json "$T/report.json" "j.trend.points.length===2 && j.trend.byDate===true && j.trend.points[0].name==='coverage_q3_2026' && j.trend.points[0].date==='2026-07-01' && j.trend.points[1].name==='current' && j.trend.points[1].date==='$(date +%F)' && j.trend.points[0].tacticPct.length===15"
# The current rules are the trend's newest point whatever their name says: named for Q1 2026 (the
# quarter's first day, as an earlier layer's name would date it), they still come after Q3's layer.
check "layer --report --date" exit_is 0 "$CLI" layer -q --name coverage_q1_2026 --date 2026-12-01 "$R/rules" -o "$T/r.json" --history "$R/prev_layer.json" --report "$T/report.json"
check "  ... the current rules are the newest point, dated --date" json "$T/report.json" 'j.trend.byDate===true && j.trend.points.map(p=>p.name+"@"+p.date).join()==="coverage_q3_2026@2026-07-01,coverage_q1_2026@2026-12-01"'
check "  ... words as --date date the board only; the trend stays today" exit_is 0 "$CLI" layer -q --date "week 48" "$R/rules" -o "$T/r.json" --history "$R/prev_layer.json" --report "$T/report.json"
check "  ... (today)" json "$T/report.json" "j.trend.points[1].date==='$(date +%F)'"
sed 's/"name": "coverage_q3_2026"/"name": "zzz undated"/' "$R/prev_layer.json" >"$T/undated.json"
check "  ... an undated earlier layer: by name, the current rules still last" exit_is 0 "$CLI" layer -q --name aaa --date 2026-12-01 "$R/rules" -o "$T/r.json" --history "$T/undated.json" --report "$T/report.json"
check "  ... (aaa after zzz)" json "$T/report.json" 'j.trend.byDate===false && j.trend.points.map(p=>p.name).join()==="zzz undated,aaa"'

finish reports
