# tests/cli/lib.bash — helpers sourced by every tests/cli/*.sh (not a test itself: CTest runs *.sh).
# Gives: $T (a temporary folder removed at exit), check, json, exit_is, and finish NAME, which prints
# "NAME: N passed, N failed" and sets the exit status.
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

check() {  # check NAME COMMAND... : passes when the command succeeds
    local name=$1
    shift
    if "$@" >"$T/check.out" 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $name"
        sed 's/^/    /' "$T/check.out" | head -20
    fi
}

json() {  # json FILE 'JS expression over j' : succeeds when the expression is true (node, no jq needed)
    node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
             if (!new Function("j", "return (" + process.argv[2] + ");")(j)) { console.error("false: " + process.argv[2]); process.exit(1); }' "$1" "$2"
}

exit_is() {  # exit_is CODE COMMAND...   (stdout in $T/out, stderr in $T/err)
    local want=$1
    shift
    "$@" >"$T/out" 2>"$T/err"
    local got=$?
    [ "$got" = "$want" ] || { echo "exit $got, wanted $want"; cat "$T/err"; return 1; }
}

finish() {  # finish NAME
    echo "$1: $pass passed, $fail failed"
    [ "$fail" -eq 0 ]
}
