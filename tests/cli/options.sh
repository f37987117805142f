#!/usr/bin/env bash
# tests/cli/options.sh — the option tables (CLI11): generated help and README tables, validators,
# one-line usage errors with suggestions, --config files, --print-config, bash completion.
# Usage: tests/cli/options.sh path/to/sigma-heatmap     (JSON is checked with node, no jq needed)
set -u
CLI=${1:?usage: options.sh path/to/sigma-heatmap}
CLI=$(cd "$(dirname "$CLI")" && pwd)/$(basename "$CLI")  # some checks run in other folders
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=$ROOT/tests/data/count
R=$ROOT/tests/data/report
source "$HERE/lib.bash"

one_line() {  # one_line EXPECTED-TEXT : stderr ($T/err) is exactly that one line
    [ "$(wc -l <"$T/err")" = 1 ] && [ "$(cat "$T/err")" = "$1" ] || { echo "stderr was:"; cat "$T/err"; return 1; }
}
usage_line() {  # usage_line COMMAND ARGS... : exit 2 with one line naming the command and --help
    local cmd=$1
    exit_is 2 "$CLI" "$@" && [ "$(wc -l <"$T/err")" = 1 ] && grep -q "^sigma-heatmap $cmd: .*(see sigma-heatmap $cmd --help)$" "$T/err" ||
        { echo "stderr was:"; cat "$T/err"; return 1; }
}

# --- help: generated, grouped, defaults shown; README's tables are the help's ---
for cmd in layer catalogue diff gaps threats svg png board history completion; do
    check "$cmd --help exits 0" exit_is 0 "$CLI" "$cmd" --help
done
"$CLI" layer --help >"$T/layer-help.txt"
check "help groups" bash -c "grep -q '^Scoring:$' '$T/layer-help.txt' && grep -q '^Rule input:$' '$T/layer-help.txt' && grep -q '^Alert:$' '$T/layer-help.txt' && grep -q '^General:$' '$T/layer-help.txt'"
check "help shows defaults" bash -c "grep -A1 -- '^  --kpi-threshold N ' '$T/layer-help.txt' | grep -q '\[default 80\]'"
check "help shows choices" grep -q -- '--score seed|count|max|level|quality' "$T/layer-help.txt"
check "help shows needs" grep -q 'exit 4 when a target is not met \[needs --targets\]' "$T/layer-help.txt"
check "help names --config" grep -q -- '--config FILE' "$T/layer-help.txt"
check "gaps and layer share the Scoring group verbatim" cmp <(sed -n '/^Scoring:$/,/^$/p' "$T/layer-help.txt") <("$CLI" gaps --help | sed -n '/^Scoring:$/,/^$/p')
check "README option tables are the --help of each command" python3 "$ROOT/scripts/cli-tables" --check "$CLI"
check "root help lists every command" bash -c "'$CLI' --help | grep -c '^  sigma-heatmap [a-z]' | grep -qx 10"

# --- validators: exit 2, one line, the option named ---
check "--top -1" usage_line layer --top -1 "$DATA" -o "$T/x.json"
check "--top -1 says why" grep -q -- "--top: needs a whole number >= 0, not '-1'" "$T/err"
check "--kpi-threshold 0" usage_line gaps --kpi-threshold 0 "$DATA"
check "--jobs abc" usage_line layer --jobs abc "$DATA" -o "$T/x.json"
check "--threshold 0" usage_line diff --threshold 0 "$R/prev_layer.json" "$R/prev_layer.json"
check "--fail-on-drop 0" usage_line diff --fail-on-drop 0 "$R/prev_layer.json" "$R/prev_layer.json"
check "--min-status bogus" usage_line layer --min-status bogus "$DATA" -o "$T/x.json"
check "a mistyped value gets a suggestion" usage_line layer --min-level hihg "$DATA" -o "$T/x.json"
check "  ... naming the value" grep -q -- "--min-level: 'hihg' is not one of informational, low, medium, high, critical; did you mean high?" "$T/err"
check "png --scale 9" usage_line png --scale 9 "$T/l.json" -o "$T/x.png"
check "  ... with the range" grep -q -- "--scale: needs a number from 0.25 to 8, not '9'" "$T/err"
check "--palette color-blind is colour-blind" bash -c "'$CLI' layer '$DATA' -o '$T/p.json' 2>/dev/null && '$CLI' svg --palette color-blind '$T/p.json' -o '$T/a.svg' 2>/dev/null && '$CLI' svg --palette colour-blind '$T/p.json' -o '$T/b.svg' 2>/dev/null && cmp '$T/a.svg' '$T/b.svg'"
check "--diff-out needs --prev in layer" usage_line layer "$DATA" -o "$T/x.json" --diff-out "$T/d.json"
check "  ... says so" grep -q -- '--diff-out requires --prev' "$T/err"
check "--fail-on-gaps needs --targets" usage_line layer "$DATA" -o "$T/x.json" --fail-on-gaps
check "missing PATH" usage_line layer -o "$T/x.json"
check "  ... named as in help" grep -q 'no PATH... given' "$T/err"
check "missing -o" usage_line layer "$DATA"
check "-o without its value" usage_line layer "$DATA" -o
check "--file-pattern takes one value, the PATH after it stays a PATH" exit_is 0 "$CLI" layer --file-pattern '*.yaml' "$DATA" -o "$T/pat.json"
check "  ... only c.yaml loaded" grep -qE '^sigma-heatmap: 1 rule loaded from 1 file' "$T/err"
check "a PATH named like a command stays a PATH" bash -c "mkdir -p '$T/cmdname/diff' && cp '$DATA/a.yml' '$T/cmdname/diff/' && cd '$T/cmdname' && '$CLI' layer diff -o '$T/cmd.json' 2>/dev/null"
check "--opt=value works" exit_is 0 "$CLI" layer --score=count "$DATA" --output="$T/eq.json"
check "  ... as --opt value" bash -c "'$CLI' layer --score count '$DATA' -o '$T/eq2.json' 2>/dev/null && cmp '$T/eq.json' '$T/eq2.json'"
check "a negative number is a value" exit_is 0 "$CLI" layer --min-score -10 "$DATA" -o "$T/neg.json"
check "  ... in the gradient" json "$T/neg.json" 'j.gradient.minValue===-10'

# --- a mistyped option: one line, a suggestion, even when a required option is missing too ---
check "mistyped option: exit 2" exit_is 2 "$CLI" layer --min-levle high "$DATA" -o "$T/x.json"
check "mistyped option: did you mean" one_line 'sigma-heatmap layer: unknown option --min-levle; did you mean --min-level? (see sigma-heatmap layer --help)'
check "no layer written" test ! -e "$T/x.json"
check "mistyped option before a missing -o" exit_is 2 "$CLI" layer --min-levle high "$DATA"
check "  ... the typo is what is reported" one_line 'sigma-heatmap layer: unknown option --min-levle; did you mean --min-level? (see sigma-heatmap layer --help)'
check "--opt=value typo" exit_is 2 "$CLI" gaps --kpi-treshold=70 "$DATA"
check "  ... suggested without the value" one_line 'sigma-heatmap gaps: unknown option --kpi-treshold; did you mean --kpi-threshold? (see sigma-heatmap gaps --help)'
check "a prefix of one option" exit_is 2 "$CLI" diff --alert-form slack "$R/prev_layer.json" "$R/prev_layer.json"
check "  ... is suggested" grep -q 'did you mean --alert-format?' "$T/err"
check "far from every option: no guess" exit_is 2 "$CLI" layer --frobnicate "$DATA" -o "$T/x.json"
check "  ... plain message" one_line 'sigma-heatmap layer: unknown option --frobnicate (see sigma-heatmap layer --help)'
check "mistyped command" exit_is 2 "$CLI" layr "$DATA" -o "$T/x.json"
check "  ... did you mean layer" one_line "sigma-heatmap: unknown command 'layr'; did you mean layer? (see sigma-heatmap --help)"
check "an option of another command" usage_line svg --score count "$T/p.json" -o "$T/x.svg"

# --- --config FILE: TOML or INI, the [COMMAND] section and top-level keys, command line wins ---
"$CLI" layer --score count --min-level high --name cfg --min-color '#ffffff' "$DATA" -o "$T/direct.json" 2>/dev/null
cat >"$T/ci.toml" <<EOF
# weekly coverage job
name = "cfg"            # top-level keys apply to the command run
score = "count"

[layer]
paths = ["$DATA"]
output = "$T/from-config.json"
min-level = "high"
min-color = "#ffffff"   # a '#' inside quotes is a value, not a comment

[diff]
threshold = 70          # another command's section: not layer's
EOF
check "--config: exit 0" exit_is 0 "$CLI" layer --config "$T/ci.toml"
check "--config gives the command line's layer" cmp "$T/from-config.json" "$T/direct.json"
check "--config after or before the command" bash -c "'$CLI' --config '$T/ci.toml' layer -o '$T/before.json' 2>/dev/null && cmp '$T/before.json' '$T/direct.json'"
check "the command line wins" exit_is 0 "$CLI" layer --config "$T/ci.toml" --name cli -o "$T/wins.json"
# As Windows editors save it: UTF-8 with a byte order mark (Notepad before 2019, PowerShell 5.1's
# Set-Content -Encoding UTF8), UTF-16 (Notepad's "Unicode"). iconv, not our code, writes them.
{ printf '\357\273\277'; sed "s|from-config.json|bom.json|" "$T/ci.toml"; } >"$T/bom.toml"
check "--config in UTF-8 with a BOM: the same layer" bash -c "'$CLI' layer --config '$T/bom.toml' 2>'$T/err' && cmp '$T/bom.json' '$T/direct.json'"
sed "s|from-config.json|u16.json|" "$T/ci.toml" | iconv -f UTF-8 -t UTF-16 >"$T/u16.toml"
check "--config in UTF-16: the same layer" bash -c "'$CLI' layer --config '$T/u16.toml' 2>'$T/err' && cmp '$T/u16.json' '$T/direct.json'"
printf '\377\376n\000=\000\000\330' >"$T/bad16.toml"
check "--config in broken UTF-16: exit 2, says where" usage_line layer --config "$T/bad16.toml" "$DATA" -o "$T/x.json"
check "  ... the file, the line and what" grep -q "^sigma-heatmap layer: --config $T/bad16.toml:1: the file is UTF-16LE text with an unpaired surrogate 0xD800" "$T/err"
check "  ... name from the command line" json "$T/wins.json" 'j.name==="cli" && j.gradient.colors[0]==="#ffffff"'
check "a section for diff applies to diff" bash -c "'$CLI' diff --config '$T/ci.toml' --print-config '$R/prev_layer.json' '$R/prev_layer.json' | grep -qx 'threshold = 70'"
printf 'min-level=high\nscore=count\nname=cfg\nmin-color=#ffffff\n; INI comment\n' >"$T/plain.ini"
# A TOML array over several lines, with comments and a trailing comma (a list of rule folders).
cat >"$T/multiline.toml" <<EOF
[layer]
name = "cfg"
score = "count"
paths = [
  "$DATA",   # the rules
  # more folders here
]
output = "$T/multiline.json"
min-level = "high"
min-color = "#ffffff"
EOF
check "--config: an array over several lines" exit_is 0 "$CLI" layer --config "$T/multiline.toml"
check "  ... gives the command line's layer" cmp "$T/multiline.json" "$T/direct.json"
printf '[layer]\nname = "cfg"\nscore = "count"\npaths = [ "%s",\n  "%s",]\noutput = "%s"\nmin-level = "high"\nmin-color = "#ffffff"\n' "$DATA" "$DATA" "$T/multiline2.json" >"$T/multiline2.toml"
check "  ... the closing bracket after the last value and its comma" exit_is 0 "$CLI" layer --config "$T/multiline2.toml"
"$CLI" layer --score count --min-level high --name cfg --min-color '#ffffff' "$DATA" "$DATA" -o "$T/direct2.json" 2>/dev/null
check "  ... the layer of both values on the command line" cmp "$T/multiline2.json" "$T/direct2.json"
check "INI-style keys" exit_is 0 "$CLI" layer --config "$T/plain.ini" "$DATA" -o "$T/ini.json"
check "  ... same layer" cmp "$T/ini.json" "$T/direct.json"
printf '[layer]\nmin-levle = "high"\n' >"$T/typo.toml"
check "unknown key in --config: exit 2" exit_is 2 "$CLI" layer --config "$T/typo.toml" "$DATA" -o "$T/x.json"
check "  ... named, with a suggestion" one_line "sigma-heatmap layer: --config: layer has no option 'min-levle'; did you mean min-level? (see sigma-heatmap layer --help)"
printf 'min-level = "huge"\n' >"$T/bad.toml"
check "bad value in --config: exit 2, validated like the command line" usage_line layer --config "$T/bad.toml" "$DATA" -o "$T/x.json"
check "  ... says which" grep -q -- "--min-level: 'huge' is not one of" "$T/err"
check "missing --config file: exit 2" usage_line layer --config "$T/nope.toml" "$DATA" -o "$T/x.json"
printf '[layer]\nfail-on-gaps = true\n' >"$T/needs.toml"
check "relations hold for --config too" usage_line layer --config "$T/needs.toml" "$DATA" -o "$T/x.json"

# --- --print-config: the effective configuration, read back by --config ---
check "--print-config: exit 0" exit_is 0 "$CLI" layer --config "$T/ci.toml" --top 5 --print-config
check "  ... nothing written" test ! -e "$T/print-config-wrote-nothing"
cp "$T/out" "$T/printed.toml"
check "  ... command line, file and defaults" bash -c "grep -qx 'top = 5' '$T/printed.toml' && grep -qx 'min-level = \"high\"' '$T/printed.toml' && grep -qx 'kpi-threshold = 80' '$T/printed.toml' && grep -qx '\\[layer\\]' '$T/printed.toml'"
check "  ... unset options as comments" grep -qx '# prev =' "$T/printed.toml"
check "  ... read back: same layer" bash -c "rm -f '$T/from-config.json' && '$CLI' layer --config '$T/printed.toml' 2>/dev/null && cmp '$T/from-config.json' '$T/direct.json'"
check "--print-config without the required options" exit_is 0 "$CLI" gaps --print-config
check "  ... lists the defaults" grep -qx 'score = "seed"' "$T/out"
check "--print-config still rejects a bad value" usage_line layer --top x --print-config
check "--print-config round trip for svg" bash -c "'$CLI' svg --palette colour-blind --expand all --date 2026-01-02 '$T/p.json' -o '$T/rt1.svg' --print-config >'$T/svg.toml' && '$CLI' svg --config '$T/svg.toml' -o '$T/rt2.svg' 2>/dev/null && '$CLI' svg --palette colour-blind --expand all --date 2026-01-02 '$T/p.json' -o '$T/rt1.svg' 2>/dev/null && cmp '$T/rt1.svg' '$T/rt2.svg'"

# --- bash completion, generated from the same tables ---
check "completion bash: exit 0" exit_is 0 "$CLI" completion bash
cp "$T/out" "$T/completion.bash"
check "completion script parses" bash -n "$T/completion.bash"
complete_words() {  # complete_words WORD... : the completions bash offers for the last word
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _sigma_heatmap; printf "%s\n" "${COMPREPLY[@]}"' _ "$T/completion.bash" "$@"
}
check "completes commands" bash -c "[ \"\$(cd /; $(declare -f complete_words); T='$T' complete_words sigma-heatmap la)\" = layer ]"
check "completes options" bash -c "$(declare -f complete_words); T='$T' complete_words sigma-heatmap layer --min-le | grep -qx -- --min-level"
check "completes choices" bash -c "[ \"\$($(declare -f complete_words); T='$T' complete_words sigma-heatmap layer --score '' | tr '\n' ' ')\" = 'seed count max level quality ' ]"
check "every --help option completes" bash -c "for o in \$('$CLI' gaps --help | grep -oE '^  (-[a-zA-Z], )?--[a-z-]+' | grep -oE -- '--[a-z-]+'); do $(declare -f complete_words); T='$T' complete_words sigma-heatmap gaps \"\$o\" | grep -qx -- \"\$o\" || { echo \"\$o\"; exit 1; }; done"
check "bad shell: usage" usage_line completion zsh

finish options
