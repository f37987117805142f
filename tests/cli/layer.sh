#!/usr/bin/env bash
# tests/cli/run.sh — CLI behaviour: exit codes, diagnostics on stderr, options, determinism.
# Usage: tests/cli/run.sh path/to/sigma-heatmap     (JSON is checked with node, no jq needed)
set -u
CLI=${1:?usage: run.sh path/to/sigma-heatmap}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=$ROOT/tests/data/count
SHARED=$ROOT/../shared
source "$HERE/lib.bash"


# --- usage ---
check "help exits 0" exit_is 0 "$CLI" layer --help
check "help names the profiles" grep -q 'seed' <("$CLI" layer --help)
check "no args is a usage error" exit_is 2 "$CLI"
check "unknown command" exit_is 2 "$CLI" frobnicate
check "missing -o" exit_is 2 "$CLI" layer "$DATA"
check "bad profile" exit_is 2 "$CLI" layer --score sum "$DATA" -o "$T/x.json"
check "bad level" exit_is 2 "$CLI" layer --min-level huge "$DATA" -o "$T/x.json"
check "max-score <= min-score" exit_is 2 "$CLI" layer --min-score 5 --max-score 5 "$DATA" -o "$T/x.json"

# --- a folder with one broken file: layer written, exit 0, the broken file named with its line ---
check "fixtures: exit 0" exit_is 0 "$CLI" layer --score count --name fixtures "$DATA" -o "$T/count.json"
check "broken file reported with line" grep -qE 'f_broken\.yml:[0-9]+(:[0-9]+)?: error' "$T/err"
check "summary line" grep -qE '^sigma-heatmap: 6 rules loaded from 7 files \(1 with errors' "$T/err"
# Counted as the Board and the page count: T1059, T1685, and T1003 and T1053 through their
# sub-techniques (T1003.001, T1053.005), which have no entry of their own.
check "summary counts a parent covered through its sub-technique" grep -qE '; 4 techniques and 4 sub-techniques covered \(ATT&CK 19, score count\)' "$T/err"
check "  ... as the layer's description" json "$T/count.json" 'j.description.endsWith(" 4 techniques and 4 sub-techniques covered (ATT&CK 19).")'
check "layer 4.5 + attack 19" json "$T/count.json" 'j.versions.layer==="4.5" && j.versions.attack==="19" && j.domain==="enterprise-attack"'
check "name" json "$T/count.json" 'j.name==="fixtures"'
check "T1059.001 counted 3" json "$T/count.json" 'j.techniques.find(t=>t.techniqueID==="T1059.001").score===3'
check "8 entries" json "$T/count.json" 'j.techniques.length===8'
check "gradient from scores" json "$T/count.json" 'j.gradient.minValue===0 && j.gradient.maxValue===3'
check "notes.txt not read" bash -c "! grep -q notes.txt '$T/err'"

# --- --platform: the catalogue's spelling, what is covered on it, a typo refused ---
check "--platform in any case" exit_is 0 "$CLI" layer --score count "$DATA" --platform macos -o "$T/mac.json"
check "  ... the layer's filter as the Navigator spells it" json "$T/mac.json" 'JSON.stringify(j.filters.platforms)==="[\"macOS\"]"'
# ATT&CK: Command and Scripting Interpreter (T1059) and Disable or Modify Tools (T1685) are on macOS;
# PowerShell, Windows Command Shell, LSASS Memory and Scheduled Task are Windows-only sub-techniques,
# so they cover neither themselves nor T1003 / T1053 there.
check "  ... summary: all, then on macOS" grep -qE '; 4 techniques and 4 sub-techniques covered \(ATT&CK 19, score count\), on macOS: 2 techniques and 0 sub-techniques -> ' "$T/err"
check "  ... as the description" json "$T/mac.json" 'j.description.endsWith(" 4 techniques and 4 sub-techniques covered (ATT&CK 19), on macOS: 2 techniques and 0 sub-techniques.")'
check "--platform typo: usage error, no layer" exit_is 2 "$CLI" layer "$DATA" --platform Linx -o "$T/linx.json"
check "  ... naming the catalogue's platforms" grep -qE "no technique of ATT&CK 19 enterprise-attack is on 'Linx'; its platforms: .*Linux, .*Windows, macOS" "$T/err"
check "  ... nothing written" test ! -e "$T/linx.json"
check "gaps --platform typo: usage error (it listed no gap at all)" exit_is 2 "$CLI" gaps "$DATA" --platform Linx
check "svg --platform typo: usage error (it drew an empty matrix)" exit_is 2 "$CLI" svg "$T/count.json" --platform Windws -o "$T/linx.svg"
# The pictures show the layer's platform filter, as the Navigator does (they drew every platform's
# techniques under a layer filtered to macOS): PowerShell (T1059.001) is Windows-only, Unix Shell
# (T1059.004) is on macOS.
check "layer --platform --svg" exit_is 0 "$CLI" layer "$DATA" --platform macOS -o "$T/macimg.json" --svg "$T/mac1.svg"
check "  ... no Windows-only cell" bash -c "! grep -q 'id=\"cell-execution-T1059.001\"' '$T/mac1.svg' && grep -q 'id=\"cell-execution-T1059\"' '$T/mac1.svg'"
check "  ... a macOS technique without a score is drawn" grep -q 'id="cell-execution-T1059.004"' "$T/mac1.svg"
check "svg of the filtered layer: the same picture" exit_is 0 "$CLI" svg "$T/macimg.json" --expand annotated -o "$T/mac2.svg"
check "  ... byte for byte" cmp "$T/mac1.svg" "$T/mac2.svg"
check "svg --platform overrides the layer's filter" exit_is 0 "$CLI" svg "$T/macimg.json" --expand annotated --platform windows -o "$T/win.svg"
check "  ... the Windows-only cell is back" grep -q 'id="cell-execution-T1059.001"' "$T/win.svg"
printf '{"name":"old","versions":{"layer":"4.5","attack":"19"},"domain":"enterprise-attack","filters":{"platforms":["mac","Azure AD"]},"techniques":[{"techniqueID":"T1059.001","score":5}]}' > "$T/old.json"
check "a layer's older platform names, as the Navigator maps them" exit_is 0 "$CLI" svg "$T/old.json" --expand all -o "$T/old.svg"
check "  ... 'mac' is macOS: no PowerShell cell" bash -c "! grep -q 'id=\"cell-execution-T1059.001\"' '$T/old.svg' && grep -q 'id=\"cell-execution-T1059.004\"' '$T/old.svg'"
check "  ... an unknown name is said" grep -q "platform filter names 'Azure AD', which is not a platform of ATT&CK 19" "$T/err"

# --- nothing but a Sigma filter: no layer, and the reason is said without -v (it is an
#     informational message, which -v alone shows when rules did load) ---
mkdir -p "$T/filteronly"
printf 'title: Not the admin\nlogsource:\n  product: windows\nfilter:\n  rules: [5638f7c0-ac70-491d-8465-2a65075e0d86]\n  selection:\n    User: admin\n  condition: not selection\n' >"$T/filteronly/filter.yml"
check "only a filter: exit 1" exit_is 1 "$CLI" layer "$T/filteronly" -o "$T/filteronly.json"
check "  ... says why, with the file and line" grep -qE 'filter\.yml:1(:[0-9]+)?: .*Sigma filter' "$T/err"
check "  ... and no layer" test ! -e "$T/filteronly.json"
check "  ... -q: only the failure" bash -c "'$CLI' layer -q '$T/filteronly' -o '$T/fq.json' 2>&1 | grep -c . | grep -qx 1"
for cmd in gaps threats; do
  check "$cmd, only a filter: says why" bash -c "'$CLI' $cmd '$T/filteronly' 2>&1 >/dev/null | grep -q 'Sigma filter'"
done
check "board, only a filter: says why" bash -c "'$CLI' board '$T/filteronly' -o '$T/fb.html' 2>&1 | grep -q 'Sigma filter'"
# With a rule beside it the filter is skipped quietly (as before; -v names it).
check "a filter beside a rule: exit 0" exit_is 0 "$CLI" layer "$T/filteronly" "$DATA/a.yml" -o "$T/fr.json"
check "  ... no message about it" bash -c "! grep -q 'Sigma filter' '$T/err'"

# --- options ---
check "no-subtechniques" exit_is 0 "$CLI" layer --score count --no-subtechniques "$DATA" -o "$T/roll.json"
check "T1059 rolled up to 4" json "$T/roll.json" 'j.techniques.find(t=>t.techniqueID==="T1059").score===4 && !j.techniques.some(t=>t.techniqueID.includes("."))'
check "min-level high" exit_is 0 "$CLI" layer --score count --min-level high "$DATA" -o "$T/high.json"
check "only high+critical rules" json "$T/high.json" 'j.techniques.find(t=>t.techniqueID==="T1059.001").score===2'
check "min-status stable" exit_is 0 "$CLI" layer --score count --min-status stable "$DATA" -o "$T/stable.json"
check "only stable rules" json "$T/stable.json" 'j.techniques.length===2'
check "colours and range" exit_is 0 "$CLI" layer --min-score 10 --max-score 90 --min-color '#ffffff' --max-color '#ff0000' "$DATA" -o "$T/col.json"
check "gradient options" json "$T/col.json" 'j.gradient.minValue===10 && j.gradient.maxValue===90 && j.gradient.colors.join()==="#ffffff,#ff0000"'
check "file-pattern *.yaml" exit_is 0 "$CLI" layer --file-pattern '*.yaml' "$DATA" -o "$T/pat.json"
check "only c.yaml loaded" grep -qE '^sigma-heatmap: 1 rule loaded from 1 file' "$T/err"
check "seed default" exit_is 0 "$CLI" layer "$DATA" -o "$T/seed.json"
check "seed: best level" json "$T/seed.json" 'j.techniques.find(t=>t.techniqueID==="T1059.001").score===100 && /^coverage_q[1-4]_20[0-9][0-9]$/.test(j.name)'
check "stdout output" bash -c "'$CLI' layer '$DATA' -o - 2>/dev/null | node -e 'JSON.parse(require(\"fs\").readFileSync(0,\"utf8\"))'"

# --- seed-style CSV of rules as input, and images next to the layer ---
check "csv input" exit_is 0 "$CLI" layer --score count "$ROOT/tests/data/import/seed.csv" -o "$T/csv.json"
check "csv rules scored" json "$T/csv.json" 'j.techniques.some(t=>t.techniqueID==="T1059.001") && j.techniques.some(t=>t.techniqueID==="T1105")'
check "--svg/--png with the layer" exit_is 0 "$CLI" layer "$DATA" -o "$T/img.json" --svg "$T/img.svg" --png "$T/img.png"
check "svg written" grep -q '<svg' "$T/img.svg"
check "png signature" bash -c "head -c 8 '$T/img.png' | od -An -tx1 | grep -q '89 50 4e 47 0d 0a 1a 0a'"
"$CLI" svg "$T/img.json" -o "$T/img2.svg" --expand annotated -q 2>/dev/null
check "layer --svg equals svg command" cmp "$T/img.svg" "$T/img2.svg"
check "--svg with -o - is a usage error" exit_is 2 "$CLI" layer "$DATA" -o - --svg "$T/x.svg"

# --- determinism: same inputs, same bytes; threads do not change the output ---
"$CLI" layer --name d "$DATA" -o "$T/d1.json" 2>/dev/null
"$CLI" layer --name d -j 1 "$DATA" -o "$T/d2.json" 2>/dev/null
check "deterministic across runs and thread counts" cmp "$T/d1.json" "$T/d2.json"

# --- nothing loadable: exit 1 and no layer ---
check "only a broken file: exit 1" exit_is 1 "$CLI" layer "$DATA/f_broken.yml" -o "$T/none.json"
check "no layer written" test ! -e "$T/none.json"
check "missing path: exit 1" exit_is 1 "$CLI" layer "$T/does-not-exist" -o "$T/none.json"
check "missing path named" grep -q 'does-not-exist' "$T/err"
check "missing path does not stop others" exit_is 0 "$CLI" layer "$T/does-not-exist" "$DATA" -o "$T/some.json"

# --- ATT&CK data at run time ---
if [ -d "$SHARED/attack" ]; then
    check "--attack-data catalogue file (18.1)" exit_is 0 "$CLI" layer --attack-data "$ROOT/assets/attack/enterprise-attack-18.1.json" "$DATA" -o "$T/v18.json"
    check "layer says 18.1" json "$T/v18.json" 'j.versions.attack==="18.1"'
    check "T1685 unknown in 18.1 is reported" grep -q 'T1685 is not in ATT&CK 18.1' "$T/err"
    check "--attack-data STIX bundle" exit_is 0 "$CLI" layer --attack-data "$SHARED/attack/enterprise-attack-18.1.json" --attack-version 18.1 "$DATA" -o "$T/stix.json"
    check "STIX and catalogue give the same layer" cmp <(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(JSON.stringify(j.techniques))' "$T/v18.json") \
                                                        <(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(JSON.stringify(j.techniques))' "$T/stix.json")
    check "--attack-data MISP folder" exit_is 0 "$CLI" layer --attack-data "$SHARED/attack/misp-galaxy" --attack-version 19 --name d "$DATA" -o "$T/misp.json"
    check "MISP folder equals the embedded v19" cmp "$T/misp.json" "$T/d1.json"
else
    echo "NOTE: ../shared is missing: --attack-data checks skipped"
fi
check "--domain that the data does not have: exit 1" exit_is 1 "$CLI" layer --domain mobile-attack "$DATA" -o "$T/mob.json"
check "domain mismatch explained" grep -q 'does not match the ATT&CK data (enterprise-attack)' "$T/err"
if [ -f "$SHARED/attack/mobile-attack-18.1.json" ]; then
    check "--domain mobile-attack with mobile data" exit_is 0 "$CLI" layer --domain mobile-attack --attack-data "$SHARED/attack/mobile-attack-18.1.json" --attack-version 18.1 "$DATA" -o "$T/mob.json"
    check "mobile layer" json "$T/mob.json" 'j.domain==="mobile-attack" && j.versions.attack==="18.1"'
fi
check "--attack-data garbage: exit 1" exit_is 1 "$CLI" layer --attack-data "$DATA/a.yml" "$DATA" -o "$T/g.json"

if [ -f "$SHARED/attack/enterprise-attack-18.1.json" ]; then
    # MITRE's release file name says the version when the bundle has no x-mitre-collection.
    check "STIX bundle: version from its file name" exit_is 0 "$CLI" layer --attack-data "$SHARED/attack/enterprise-attack-18.1.json" "$DATA" -o "$T/stix2.json"
    check "version 18.1 from the name" json "$T/stix2.json" 'j.versions.attack==="18.1"'
    ln -s "$SHARED/attack/enterprise-attack-18.1.json" "$T/bundle.json"
    check "STIX bundle under another name: exit 1" exit_is 1 "$CLI" layer --attack-data "$T/bundle.json" "$DATA" -o "$T/stix3.json"
    check "the message names --attack-version" grep -q 'give its ATT&CK version with --attack-version' "$T/err"
    check "catalogue: the message names --version" exit_is 1 "$CLI" catalogue "$T/bundle.json" -o "$T/cat.json"
    check "catalogue's own option" grep -q 'give its ATT&CK version with --version' "$T/err"
fi

# --- folders: *.yml / *.yaml in any case, names relative to the folder given (as the page) ---
mkdir -p "$T/home/alice/My Rules/sub"
cp "$DATA/a.yml" "$T/home/alice/My Rules/UPPER.YML"
cp "$DATA/b.yml" "$T/home/alice/My Rules/sub/lower.yaml"
cp "$DATA/b.yml" "$T/home/alice/My Rules/sub/Mixed.Yaml"
printf 'not a rule\n' > "$T/home/alice/My Rules/sub/notes.txt"
check "upper-case extensions: exit 0" exit_is 0 "$CLI" layer --name f "$T/home/alice/My Rules" -o "$T/folder.json"
check "UPPER.YML and Mixed.Yaml loaded" grep -qE '^sigma-heatmap: 3 rules loaded from 3 files' "$T/err"
check "files named inside the folder given" json "$T/folder.json" 'j.techniques.some(t=>t.metadata.some(m=>(m.value||"").endsWith("] My Rules/UPPER.YML"))) && j.techniques.some(t=>t.metadata.some(m=>(m.value||"").endsWith("] My Rules/sub/lower.yaml")))'
check "no absolute path in the layer" bash -c "! grep -q '$T' '$T/folder.json'"
CLI_ABS=$(cd "$(dirname "$CLI")" && pwd)/$(basename "$CLI")
(cd "$T/home/alice" && "$CLI_ABS" layer --name f "My Rules/" -o "$T/folder2.json" 2>/dev/null)
(cd "$T/home/alice/My Rules" && "$CLI_ABS" layer --name f . -o "$T/folder3.json" 2>/dev/null)
check "same layer from a relative path with a slash" cmp "$T/folder.json" "$T/folder2.json"
check "same layer from '.' inside the folder" cmp "$T/folder.json" "$T/folder3.json"
check "--file-pattern replaces the default" exit_is 0 "$CLI" layer --file-pattern '*.yaml' "$T/home/alice/My Rules" -o "$T/pat2.json"
check "only lower.yaml and Mixed.Yaml (a pattern matches in any case, as in archives)" grep -qE '^sigma-heatmap: 2 rules loaded from 2 files' "$T/err"

# --- hidden files and folders of a folder are skipped (a repository's .github workflows are YAML) ---
mkdir -p "$T/repo/.github/workflows" "$T/repo/rules/.drafts" "$T/repo/.rules"
printf 'name: CI\non: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n' > "$T/repo/.github/workflows/ci.yml"
cp "$DATA/a.yml" "$T/repo/rules/a.yml"
cp "$DATA/b.yml" "$T/repo/rules/.drafts/b.yml"
cp "$DATA/b.yml" "$T/repo/rules/.c.yml"
cp "$DATA/b.yml" "$T/repo/.rules/b.yml"
check "repository root: exit 0" exit_is 0 "$CLI" layer --name f "$T/repo" -o "$T/repo.json"
check "  ... only rules/a.yml read: no workflow, draft or dot file" grep -qE '^sigma-heatmap: 1 rule loaded from 1 file \(0 with errors' "$T/err"
check "a hidden folder named on the command line is read" exit_is 0 "$CLI" layer --name f "$T/repo/.rules" -o "$T/dot.json"
check "  ... its rule loaded" grep -qE '^sigma-heatmap: 1 rule loaded from 1 file \(0 with errors' "$T/err"

# --- files too large for their kind are refused before reading, naming the limit ---
truncate -s 9M "$T/huge.yml"
check "a 9 MB rule file: exit 1" exit_is 1 "$CLI" layer "$T/huge.yml" -o "$T/huge.json"
check "too large, with the limit" grep -q 'huge.yml: error: file is too large to be a Sigma rule: 9.0 MB (9437184 bytes; the limit is 8.0 MB)' "$T/err"
check "a large file does not stop others" exit_is 0 "$CLI" layer "$T/huge.yml" "$DATA" -o "$T/some2.json"

finish cli
