#!/usr/bin/env bash
# tests/cli/history.sh — `sigma-heatmap history` on a repository built here with the git command
# (independent of the libgit2 code under test): every point's layer equals `layer` run on `git
# archive` of that point's commit, the commit of each point is the one `git rev-list --first-parent
# --before` picks, the alert text with blame through a merge, every output file, the errors (not a
# repository, unknown ref, bad dates, absent path, shallow clone, a broken rule) and exit codes.
# Then the integration test on ../shared/sigma/history/sigmahq-rules.bundle (skipped when missing):
# five dates across its history, each point equal to `layer` on `git archive` of its commit.
# Usage: tests/cli/history.sh path/to/sigma-heatmap     (JSON is checked with node, no jq needed)
set -u
CLI=${1:?usage: history.sh path/to/sigma-heatmap}
CLI=$(cd "$(dirname "$CLI")" && pwd)/$(basename "$CLI")  # some checks run in other folders
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUNDLE=$ROOT/../shared/sigma/history/sigmahq-rules.bundle
source "$HERE/lib.bash"

rule() {  # rule TITLE LEVEL TAG... : a Sigma rule's text
    local title=$1 level=$2
    shift 2
    printf 'title: %s\nstatus: test\nlevel: %s\nlogsource:\n    product: windows\ndetection:\n    sel:\n        Image: x.exe\n    condition: sel\ntags:\n' "$title" "$level"
    for t in "$@"; do printf '    - %s\n' "$t"; done
}
R=$T/repo
g() { git -C "$R" "$@"; }
at() {  # at AUTHOR DATE COMMAND... : run a git command as AUTHOR at DATE (UTC noon)
    local who=$1 day=$2
    shift 2
    GIT_AUTHOR_NAME=$who GIT_AUTHOR_EMAIL="$who@example.org" GIT_COMMITTER_NAME=$who \
        GIT_COMMITTER_EMAIL="$who@example.org" GIT_AUTHOR_DATE="${day}T12:00:00Z" GIT_COMMITTER_DATE="${day}T12:00:00Z" \
        git -C "$R" "$@"
}

# --- the repository: six first-parent commits over five weeks, a side branch merged ---
git init -q -b main "$R"
g config commit.gpgsign false
mkdir -p "$R/rules/windows/sub"
echo "# rules" >"$R/README.md"
echo "not a rule" >"$R/rules/notes.txt"
rule "PowerShell Download" high attack.execution attack.t1059.001 >"$R/rules/windows/a.yml"
rule "LSASS Access" critical attack.credential-access attack.t1003.001 >"$R/rules/windows/b.yml"
# Hidden files and folders are skipped, as `layer` skips them in a folder: never counted below.
mkdir -p "$R/.github/workflows" "$R/rules/.drafts"
printf 'name: CI\non: [push]\n' >"$R/.github/workflows/ci.yml"
rule "Draft" high attack.t1105 >"$R/rules/.drafts/draft.yml"
g add -A && at Alice 2024-01-02 commit -q -m "add a and b"
g mv rules/windows/a.yml rules/windows/sub/a_renamed.yml && at Bob 2024-01-09 commit -q -m "move a"
rule "LSASS Access" medium attack.discovery attack.t1012 >"$R/rules/windows/b.yml"
g add -A && at Carol 2024-01-16 commit -q -m "retag b"
printf 'title: [unclosed\nlevel: high\n' >"$R/rules/windows/c.yml"
rule "Certutil Download" low attack.t1105 >"$R/rules/windows/d.yml"
g add -A && at Dave 2024-01-23 commit -q -m "add c (broken) and d"
g checkout -q -b drop-a
g rm -q rules/windows/sub/a_renamed.yml && at Erin 2024-01-25 commit -q -m "drop a"
g checkout -q main
at Maintainer 2024-01-30 merge -q --no-ff -m "Merge branch 'drop-a'" drop-a
rule "PowerShell Download" high attack.execution attack.t1059.001 >"$R/rules/windows/a.yml"
g add -A && at Bob 2024-02-06 commit -q -m "restore a"
CARO=$(g rev-list -1 --grep="retag b" HEAD)
ERIN=$(g rev-list -1 --grep="drop a" drop-a)
MERGE=$(g rev-list -1 --merges HEAD)

# --- every output at once ---
check "history writes every output" exit_is 0 "$CLI" history "$R" --path rules --trend "$T/t.json" --trend "$T/t.csv" \
    --layers "$T/layers" --diffs "$T/diffs.txt" --svg "$T/c.svg" --png "$T/c.png" --gif "$T/a.gif" --report "$T/r.json"
cp "$T/err" "$T/all.err"
check "six weekly points: 2024-01-07 .. 2024-02-04 and the last day" bash -c "[ \"\$(cut -d, -f1 '$T/t.csv' | tail -n +2 | tr '\n' ' ')\" = '2024-01-07 2024-01-14 2024-01-21 2024-01-28 2024-02-04 2024-02-06 ' ]"
check "one layer per point" bash -c "[ \$(ls '$T/layers' | wc -l) = 6 ] && [ -f '$T/layers/coverage_2024-01-21.json' ]"
check "trend JSON: format, points, diffs, blame" json "$T/t.json" 'j.format === "sigma-heatmap-history" && j.points.length === 6 && j.diffs.length === 5 && j.every === "week" && j.path === "rules" && j.diffs[1].blame[0].technique === "T1003.001" && j.diffs[1].blame[0].commits[0].author === "Carol" && j.trend.points.length === 6'
check "trend JSON: the broken rule does not stop the replay (d.yml counts)" json "$T/t.json" 'j.points[3].rules.total === 3 && j.points[3].files === 4'
check "hidden files (.drafts) are not replayed" bash -c "! grep -q 'draft' '$T/all.err' && [ \$(cut -d, -f4 '$T/t.csv' | sed -n 2p) = 2 ]"
check "summary line" grep -q '^sigma-heatmap history: 6 points (every week, 2024-01-02 to 2024-02-06) over 6 first-parent commits of HEAD' "$T/all.err"
check "the broken rule is reported once, at its commit" bash -c "[ \$(grep -c 'rules/windows/c.yml' '$T/all.err') = 1 ] && grep -q \"^\$(git -C '$R' rev-list -1 --grep='add c' HEAD | cut -c1-12):rules/windows/c.yml\" '$T/all.err'"
check "report JSON: kpis, gaps, the newest diff, trend, board" json "$T/r.json" 'j.kpis && j.gaps && j.diff && j.trend.points.length === 6 && j.board'
check "SVG chart" bash -c "head -c 200 '$T/c.svg' | grep -q '<svg' && grep -q 'ATT&amp;CK coverage over time' '$T/c.svg'"
check "PNG chart" bash -c "[ \"\$(head -c 8 '$T/c.png' | od -An -tx1 | tr -d ' \n')\" = 89504e470d0a1a0a ]"
check "GIF" bash -c "[ \"\$(head -c 6 '$T/a.gif')\" = GIF89a ]"

# --- each point: the commit git picks, and the layer `layer` writes for git archive of it ---
points_ok() {
    tail -n +2 "$T/t.csv" | while IFS=, read -r date commit _; do
        want=$(git -C "$R" rev-list -1 --first-parent --before="${date}T23:59:59Z" HEAD)
        [ "$commit" = "$want" ] || { echo "$date: history says $commit, git rev-list says $want"; return 1; }
        mkdir -p "$T/arch/$date"
        git -C "$R" archive "$commit" rules | tar -x -C "$T/arch/$date" || return 1
        (cd "$T/arch/$date" && "$CLI" layer -q rules -o "$T/arch/$date.json" --name "coverage_$date" 2>/dev/null) || return 1
        cmp "$T/arch/$date.json" "$T/layers/coverage_$date.json" || { echo "$date: layers differ"; return 1; }
    done
}
check "every point's layer is byte for byte layer's on git archive of the commit git picks" points_ok

# --- the board: byte for byte `board` on git archive of the newest commit, the earlier points as
# --history layers and the one before as --prev ---
board_same() {
    "$CLI" history -q "$R" --path rules --board-html "$T/hb.html" 2>/dev/null || return 1
    local args=() d
    for d in 2024-01-07 2024-01-14 2024-01-21 2024-01-28 2024-02-04; do args+=(--history "$T/layers/coverage_$d.json"); done
    (cd "$T/arch/2024-02-06" && "$CLI" board -q rules -o "$T/bb.html" --name coverage_2024-02-06 --date 2024-02-06 \
        --prev "$T/layers/coverage_2024-02-04.json" "${args[@]}" 2>/dev/null) || return 1
    cmp "$T/hb.html" "$T/bb.html"
}
check "--board-html is board's document for the newest point with the history as trend and the last period as diff" board_same
check "--date needs --board-html" exit_is 2 "$CLI" history "$R" --date 2024-01-01

# --- alerts and blame ---
check "alert: Carol's edit dropped T1003.001" grep -qx "  commit ${CARO:0:12} by Carol on 2024-01-16 removed the last rule for T1003.001 (rules/windows/b.yml)" "$T/diffs.txt"
check "alert: the merged deletion is Erin's, merged in the merge commit" grep -qx "  commit ${ERIN:0:12} by Erin on 2024-01-25 removed the last rule for T1059.001 (rules/windows/sub/a_renamed.yml), merged in ${MERGE:0:12}" "$T/diffs.txt"
check "alert: headline with the week" grep -qx '1 technique dropped below 50 in the week of 2024-01-15 (2024-01-14 -> 2024-01-21)' "$T/diffs.txt"
check "alert: quiet periods counted" grep -qx '5 periods compared, 3 without a technique dropping below 50' "$T/diffs.txt"

# --- the newest period: --fail-on-drop, --alert-out, slack, --diff-out ---
check "--fail-on-drop: exit 3 when the newest period dropped" exit_is 3 "$CLI" history "$R" --path rules --until 2024-01-21 \
    --fail-on-drop 50 --alert-out "$T/alert.txt" --diff-out "$T/diff.json"
check "  ... says which period" grep -q 'dropped below 50 in the week of 2024-01-15 (--fail-on-drop): exit 3' "$T/err"
check "  ... the alert has the blame" grep -q 'by Carol on 2024-01-16 removed the last rule for T1003.001' "$T/alert.txt"
check "  ... the diff layer" json "$T/diff.json" 'j.versions.layer === "4.5" && j.techniques.some(t => t.techniqueID === "T1003.001" && t.score < 0)'
check "--fail-on-drop: 0 when the newest period did not drop" exit_is 0 "$CLI" history "$R" --path rules --fail-on-drop 50 --alert-format slack
check "  ... the Slack payload on stdout" json "$T/out" 'typeof j.text === "string" && j.text.startsWith("0 techniques dropped below 50")'

# --- the newest point against targets and a baseline, as layer does ---
printf 'T1059.001\nT1003.001\n' >"$T/targets.txt"
check "--targets --fail-on-gaps: exit 4 when a target is not met at the newest point" exit_is 4 "$CLI" history "$R" --path rules \
    --targets "$T/targets.txt" --fail-on-gaps --baseline "$T/layers/coverage_2024-01-07.json" --report "$T/rt.json"
check "  ... names the target" grep -q '^targets at coverage_2024-02-06: 1 of 2 met; not met: T1003.001 (0 < 1)$' "$T/err"
check "  ... the baseline had T1003.001" grep -q '^baseline coverage_2024-01-07: 2 covered there but not here: T1003, T1003.001;' "$T/err"
check "  ... in the report" json "$T/rt.json" 'j.targets && j.baseline && j.kpis'
check "--fail-on-gaps needs --targets" exit_is 2 "$CLI" history "$R" --fail-on-gaps
check "a missing --baseline: 1, nothing replayed" exit_is 1 "$CLI" history "$R" --baseline "$T/nope.json"

# --- defaults and options ---
check "no output option: the trend as CSV on stdout" exit_is 0 "$CLI" history "$R" --path rules/ --every month
check "  ... monthly: January and the last day" bash -c "[ \"\$(cut -d, -f1 '$T/out' | tr '\n' ' ')\" = 'date 2024-01-31 2024-02-06 ' ]"
check "--since/--until" exit_is 0 "$CLI" history "$R" --path rules --since 2024-01-10 --until 2024-01-20 --trend -
check "  ... two points" bash -c "[ \"\$(tail -n +2 '$T/out' | cut -d, -f1 | tr '\n' ' ')\" = '2024-01-14 2024-01-20 ' ]"
check "--score count and --min-level high as layer" exit_is 0 "$CLI" history "$R" --path rules --score count --min-level high --layers "$T/lc" --until 2024-01-07
check "  ... the layer equals layer's" bash -c "cd '$T/arch/2024-01-07' && '$CLI' layer -q --score count --min-level high rules -o '$T/lc.json' --name coverage_2024-01-07 2>/dev/null && cmp '$T/lc.json' '$T/lc/coverage_2024-01-07.json'"
check "--ref a branch" exit_is 0 "$CLI" history "$R" --path rules --ref drop-a --trend "$T/b.json"
check "  ... its own first-parent history" json "$T/b.json" 'j.ref === "drop-a" && j.points[j.points.length - 1].commit === "'"$ERIN"'"'
check "--no-blame" exit_is 0 "$CLI" history "$R" --path rules --no-blame --trend "$T/nb.json"
check "  ... no commits named" json "$T/nb.json" 'j.diffs.every(d => d.blame.length === 0)'

# --- on a platform: the diffs and alerts count only its techniques, as the KPIs do ---
# A second repository: a Linux-only, a Windows-only and an all-platform technique (their platforms
# as ATT&CK 19 gives them), then the first two removed the next week.
P=$T/prepo
git init -q -b main "$P"
git -C "$P" config commit.gpgsign false
mkdir -p "$P/rules"
rule "Passwd Read" high attack.credential-access attack.t1003.008 >"$P/rules/linux.yml"
rule "LSASS Dump" critical attack.credential-access attack.t1003.001 >"$P/rules/win.yml"
rule "Tool Transfer" high attack.command-and-control attack.t1105 >"$P/rules/both.yml"
R=$P g add -A && R=$P at Alice 2024-03-05 commit -q -m "three rules"
R=$P g rm -q rules/linux.yml rules/win.yml && R=$P at Bob 2024-03-12 commit -q -m "drop two"
check "--platform linux: exit 3 on the Linux drop" exit_is 3 "$CLI" history "$P" --path rules --platform linux \
    --diffs "$T/pd.txt" --trend "$T/pt.json" --alert-out "$T/pa.txt" --layers "$T/pl" --board-html "$T/phb.html" --fail-on-drop 50
check "  ... the alert names the platform and only the Linux technique" bash -c "
    grep -qx '1 technique dropped below 50 on Linux in the week of 2024-03-11 (2024-03-10 -> 2024-03-12)' '$T/pd.txt' &&
    grep -q '^- T1003.008 ' '$T/pd.txt' && ! grep -q 'T1003.001' '$T/pd.txt' &&
    grep -qx '1 period compared, 0 without a technique dropping below 50 on Linux' '$T/pd.txt' && cmp <(head -3 '$T/pd.txt') '$T/pa.txt'"
check "  ... --fail-on-drop says it" grep -q 'history: 1 technique dropped below 50 on Linux in the week of 2024-03-11 (--fail-on-drop): exit 3' "$T/err"
check "  ... the summary says it" grep -q '(3 -> 1 rule); 1 of 1 period with a drop below 50 on Linux' "$T/err"
check "  ... the trend JSON keeps the filter and the Linux diff" json "$T/pt.json" \
    'JSON.stringify(j.platforms) === "[\"Linux\"]" && j.diffs[0].droppedBelow.map(c => c.technique).join() === "T1003.008" && j.diffs[0].alert.startsWith("1 technique dropped below 50 on Linux in")'
check "without --platform: both dropped techniques" exit_is 0 "$CLI" history "$P" --path rules --diffs - --trend "$T/pt-all.json"
check "  ... and no platforms key" bash -c "grep -q '^- T1003.001 ' '$T/out' && grep -q '^- T1003.008 ' '$T/out' && grep -qx '1 period compared, 0 without a technique dropping below 50' '$T/out' && ! grep -q platforms '$T/pt-all.json'"
check "--platform windows: only the Windows technique" exit_is 0 "$CLI" history "$P" --path rules --platform windows --diffs -
check "  ... spelled as ATT&CK does" bash -c "grep -q '^- T1003.001 ' '$T/out' && ! grep -q 'T1003.008' '$T/out' && grep -q 'dropped below 50 on Windows in' '$T/out'"
# The board: byte for byte `board --platform linux` on git archive of the newest commit with the
# point before as --prev (an independent path: board's own diff of two layers).
pboard_same() {
    mkdir -p "$T/parch" && git -C "$P" archive HEAD rules | tar -x -C "$T/parch" || return 1
    (cd "$T/parch" && "$CLI" board -q rules -o "$T/pbb.html" --name coverage_2024-03-12 --date 2024-03-12 --platform linux \
        --prev "$T/pl/coverage_2024-03-10.json" --history "$T/pl/coverage_2024-03-10.json" 2>/dev/null) || return 1
    cmp "$T/phb.html" "$T/pbb.html" && grep -q '>1 technique dropped below 50 on Linux<' "$T/phb.html" &&
        ! grep -q 'T1003.001' "$T/phb.html"
}
check "--board-html on Linux is board --platform linux's document, its alert on Linux" pboard_same

# Counts of one in the summary and the warnings ("1 points", "1 of 1 periods", "of 1 points ...:
# they have 0 rules" before).
check "one point: 0" exit_is 0 "$CLI" history "$P" --path rules --since 2024-03-12 --until 2024-03-12
check "  ... the summary in the singular" bash -c "grep -q '^sigma-heatmap history: 1 point (every week, 2024-03-12 to 2024-03-12) over 2 first-parent commits of HEAD; 1 rule file version parsed once (0 cache hits), 1 file change; ' '$T/err' && grep -q '; 0 of 0 periods with a drop below 50\$' '$T/err'"
check "one point, an absent path: 0" exit_is 0 "$CLI" history "$P" --path nothere --since 2024-03-12 --until 2024-03-12
check "  ... it has 0 rules" grep -q "'nothere' is absent at 1 of 1 point (2024-03-12): it has 0 rules\$" "$T/err"

# --- errors ---
check "not a repository: 1" exit_is 1 "$CLI" history "$T/layers" --path rules
check "  ... says so" grep -q "sigma-heatmap history: $T/layers is not a git repository" "$T/err"
check "missing folder: 1" exit_is 1 "$CLI" history "$T/nope"
check "unknown ref: 1" exit_is 1 "$CLI" history "$R" --ref no-such-branch
check "  ... names it" grep -q "unknown ref 'no-such-branch'" "$T/err"
check "bad --since: usage" exit_is 2 "$CLI" history "$R" --since 2024-02-30
check "  ... one line" bash -c "[ \$(wc -l <'$T/err') = 1 ] && grep -q \"^sigma-heatmap history: --since takes a date as YYYY-MM-DD, not '2024-02-30' (see sigma-heatmap history --help)\$\" '$T/err'"
check "--until before --since: 1" exit_is 1 "$CLI" history "$R" --since 2024-02-01 --until 2024-01-01
check "bad --every: usage" exit_is 2 "$CLI" history "$R" --every day
check "two outputs on stdout: usage" exit_is 2 "$CLI" history "$R" --trend - --diffs -
check "absent path: 0 rules, said once" exit_is 0 "$CLI" history "$R" --path nothere --trend "$T/np.csv"
check "  ... once" bash -c "[ \$(grep -c \"'nothere' is absent at 6 of 6 points (2024-01-07 to 2024-02-06): they have 0 rules\" '$T/err') = 1 ]"
git clone -q --depth 2 "file://$R" "$T/shallow" 2>/dev/null
check "shallow clone: replayed" exit_is 0 "$CLI" history "$T/shallow" --path rules --since 2024-01-01 --trend "$T/sh.json"
check "  ... says how far back" grep -q "shallow clone: it goes back only to 2024-01-30 (commit ${MERGE:0:12}); \`git fetch --unshallow\` gives the whole history" "$T/err"
check "  ... in the trend" json "$T/sh.json" 'j.note.startsWith("shallow clone: it goes back only to 2024-01-30") && j.points[0].rules.total === 0'
check "an unwritable output: 1" exit_is 1 "$CLI" history "$R" --trend "$T/no/such/dir/t.json"

# --- docs/ci.md's weekly job: its coverage.toml and its two history runs, on this repository ---
ci_job() {
    local w=$T/ci
    mkdir -p "$w/out"
    # The TOML block of docs/ci.md that configures `history`.
    awk '/^```toml$/ {on = 1; block = ""; next} /^```$/ && on {on = 0; if (block ~ /\[history\]/) printf "%s", block; next} on {block = block $0 "\n"}' \
        "$ROOT/docs/ci.md" >"$w/coverage.toml"
    grep -q '^\[history\]' "$w/coverage.toml" || { echo "no [history] block in docs/ci.md"; return 1; }
    cd "$w" || return 1
    "$CLI" history "$R" --config coverage.toml --until 2024-01-21 --report out/report.json \
        --board-html out/board.html --fail-on-drop 50 --alert-out out/alert.txt --diff-out out/diff.json 2>"$w/err1"
    [ $? = 3 ] || { echo "first run: exit $? (wanted 3)"; cat "$w/err1"; return 1; }
    "$CLI" history "$R" --config coverage.toml --since 2024-01-08 --until 2024-01-21 --trend out/quarter.csv \
        --diffs out/quarter.txt --png out/quarter.png --gif out/weeks.gif --alert-format slack --alert-out out/slack.json 2>"$w/err2" ||
        { echo "second run failed"; cat "$w/err2"; return 1; }
    for f in trend.json trend.csv diffs.txt trend.png report.json board.html alert.txt diff.json quarter.csv quarter.txt quarter.png weeks.gif slack.json; do
        [ -s "out/$f" ] || { echo "out/$f missing"; return 1; }
    done
    grep -q 'by Carol on 2024-01-16 removed the last rule for T1003.001' out/alert.txt &&
        json out/slack.json 'j.text.startsWith("1 technique dropped below 50")' &&
        [ "$(wc -l <out/quarter.csv)" = 3 ] && [ "$(wc -l <out/trend.csv)" = 4 ]
}
check "docs/ci.md's weekly job runs as written (coverage.toml, two history runs)" ci_job

# --- the option table: every option of layer's shared groups ---
"$CLI" layer --help >"$T/layer-help.txt"
"$CLI" history --help >"$T/history-help.txt"
for group in 'Rule input' 'Scoring' 'ATT&CK data' 'Report' 'Messages'; do
    check "history shares layer's $group group verbatim" cmp <(sed -n "/^$group:\$/,/^\$/p" "$T/layer-help.txt") <(sed -n "/^$group:\$/,/^\$/p" "$T/history-help.txt")
done
check "history takes every Alert option of layer" bash -c "for o in \$(sed -n '/^Alert:\$/,/^\$/p' '$T/layer-help.txt' | grep -o -- '^  --[a-z-]*' | sort -u); do grep -q -- \"^  \$o \" '$T/history-help.txt' || { echo \"missing \$o\"; exit 1; }; done"

# --- integration: the SigmaHQ rules history, five dates ---
if [ ! -f "$BUNDLE" ]; then
    echo "SKIP: $BUNDLE is missing (../shared is needed): the SigmaHQ history integration test did not run"
else
    H=$T/sigmahq
    git clone -q "$BUNDLE" "$H"
    check "SigmaHQ history: quarterly replay" exit_is 0 "$CLI" history -q "$H" --path rules --every quarter --layers "$T/hq" --trend "$T/hq.csv"
    five_dates() {
        for date in 2018-09-30 2020-06-30 2022-03-31 2024-12-31 2026-08-05; do
            local commit
            commit=$(grep "^$date," "$T/hq.csv" | cut -d, -f2)
            [ -n "$commit" ] || { echo "$date: no point"; return 1; }
            want=$(git -C "$H" rev-list -1 --first-parent --before="${date}T23:59:59Z" HEAD)
            [ "$commit" = "$want" ] || { echo "$date: history says $commit, git rev-list says $want"; return 1; }
            mkdir -p "$T/hqa/$date"
            git -C "$H" archive "$commit" rules | tar -x -C "$T/hqa/$date" || return 1
            (cd "$T/hqa/$date" && "$CLI" layer -q rules -o "$T/hqa/$date.json" --name "coverage_$date" 2>/dev/null) || return 1
            cmp "$T/hqa/$date.json" "$T/hq/coverage_$date.json" || { echo "$date: layers differ"; return 1; }
            rm -rf "$T/hqa/$date"
        done
    }
    check "SigmaHQ history: five points equal layer on git archive of their commits" five_dates
fi

finish history
