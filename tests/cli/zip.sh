#!/usr/bin/env bash
# tests/cli/zip.sh — .zip archives as rule inputs: a zip of a folder gives the folder's layer byte
# for byte; which entries are taken; encrypted, broken, corrupt and oversized entries are one
# diagnostic each, naming the archive and the entry, and every other input still loads.
# Archives are written here by Python's zipfile (independent of libarchive, which reads them).
# Usage: tests/cli/zip.sh path/to/sigma-heatmap
set -u
CLI=${1:?usage: zip.sh path/to/sigma-heatmap}
CLI=$(cd "$(dirname "$CLI")" && pwd)/$(basename "$CLI")  # the checks run in the folders they zip
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DATA=$ROOT/tests/data
SHARED=$ROOT/../shared
source "$HERE/lib.bash"

zip_folder() {  # zip_folder OUT.zip BASE FOLDER : FOLDER (under BASE) with entries named FOLDER/..., in reverse order
    python3 - "$@" <<'PY'
import os, sys, zipfile
out, base, folder = sys.argv[1:4]
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for d, dirs, files in os.walk(os.path.join(base, folder)):
        for f in sorted(files, reverse=True):  # not the folder walk's order: the reader sorts
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, base))
PY
}
zip_entries() {  # zip_entries OUT.zip NAME=FILE... : an archive holding those files under those names
    python3 - "$@" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for arg in sys.argv[2:]:
        name, path = arg.split('=', 1)
        if name.endswith('/'):
            z.writestr(name, b'')
        else:
            z.write(path, name)
PY
}
same_as_folder() {  # same_as_folder BASE FOLDER NAME : the zip of BASE/FOLDER gives the folder's layer and messages
    local base=$1 folder=$2 name=$3
    zip_folder "$T/$name.zip" "$base" "$folder" &&
        (cd "$base" && "$CLI" layer --name z "$folder" -o "$T/$name-folder.json" 2>"$T/$name-folder.err") ;
    (cd "$base" && "$CLI" layer --name z "$T/$name.zip" -o "$T/$name-zip.json" 2>"$T/$name-zip.err")
    cmp "$T/$name-folder.json" "$T/$name-zip.json" &&
        diff <(sed 's/ -> .*//' "$T/$name-folder.err") <(sed 's/ -> .*//' "$T/$name-zip.err")
}
A=$DATA/count/a.yml
B=$DATA/count/b.yml

# --- a zip of a folder is the folder: same layer bytes, same diagnostics ---
check "tests/data/rules: zip = folder" same_as_folder "$DATA" rules rules
check "tests/data/count (nested, a broken file, notes.txt): zip = folder" same_as_folder "$DATA" count count
check "entries are recorded by their path inside the zip" grep -q '\] count/nested/deeper/d.yml' "$T/count-zip.json"
if [ -d "$SHARED/sigma/rules" ]; then
    check "../shared/sigma/rules: zip = folder" same_as_folder "$SHARED/sigma" rules sigmahq
    check "  ... all of SigmaHQ loaded" grep -q 'rules loaded from 3141 files' "$T/sigmahq-zip.err"
else
    echo "NOTE: ../shared is missing: the SigmaHQ zip check is skipped"
fi

# --- which entries: *.yml / *.yaml in any case (or --file-pattern), *.csv seed sheets; not the rest ---
zip_entries "$T/mixed.zip" "r/UPPER.YML=$A" "r/lower.yaml=$B" "r/seed.csv=$DATA/import/seed.csv" "r/notes.txt=$DATA/count/notes.txt" \
    "__MACOSX/r/._UPPER.YML=$DATA/count/notes.txt" "r/empty-dir/="
check "mixed zip: exit 0" exit_is 0 "$CLI" layer --score count "$T/mixed.zip" -o "$T/mixed.json"
check "UPPER.YML, lower.yaml and seed.csv taken; notes.txt, resource forks and folders not" grep -qE '^sigma-heatmap: [0-9]+ rules loaded from 3 files \(0 with errors' "$T/err"
check "csv rules scored" json "$T/mixed.json" 'j.techniques.some(t=>t.techniqueID==="T1105")'
zip_entries "$T/repo.zip" "repo-main/rules/UPPER.YML=$A" "repo-main/.github/workflows/ci.yml=$DATA/count/notes.txt" \
    "repo-main/rules/.drafts/b.yml=$B" "repo-main/rules/.c.yml=$B"
check "a repository's zip: exit 0" exit_is 0 "$CLI" layer --score count "$T/repo.zip" -o "$T/repo.json"
check "  ... hidden entries (.github, .drafts, .c.yml) skipped" grep -qE '^sigma-heatmap: 1 rule loaded from 1 file \(0 with errors' "$T/err"
check "--file-pattern applies inside zips" exit_is 0 "$CLI" layer --file-pattern '*.yaml' "$T/mixed.zip" -o "$T/pat.json"
check "  ... lower.yaml and the csv" grep -qE 'rules loaded from 2 files' "$T/err"

# --- encrypted entry: one diagnostic naming archive and entry; the rest of it and other inputs load ---
zip_entries "$T/enc.zip" "enc/open.yml=$A" "enc/secret.yml=$B"
python3 - "$T/enc.zip" enc/secret.yml <<'PY'
# Mark one entry encrypted (general purpose flag bit 0) in its local header and in the central directory.
import struct, sys
path, name = sys.argv[1], sys.argv[2].encode()
b = bytearray(open(path, 'rb').read())
for sig, flag_at, name_len_at, name_at in ((b'PK\x03\x04', 6, 26, 30), (b'PK\x01\x02', 8, 28, 46)):
    i = b.find(sig)
    while i >= 0:
        n = struct.unpack_from('<H', b, i + name_len_at)[0]
        if bytes(b[i + name_at:i + name_at + n]) == name:
            struct.pack_into('<H', b, i + flag_at, struct.unpack_from('<H', b, i + flag_at)[0] | 1)
        i = b.find(sig, i + 4)
open(path, 'wb').write(b)
PY
"$CLI" layer --name other "$DATA/rules" -o "$T/other.json" 2>/dev/null
check "encrypted entry: exit 0" exit_is 0 "$CLI" layer --name other "$T/enc.zip" "$DATA/rules" -o "$T/enc.json"
check "  ... one line naming archive and entry" bash -c "[ \$(grep -c 'enc.zip' '$T/err') = 1 ] && grep -q 'enc.zip: error: entry enc/secret.yml: encrypted' '$T/err'"
check "  ... the open entry and the folder loaded" grep -qE 'rules loaded from 9 files \(2 with errors' "$T/err"

# --- broken archives: one diagnostic, other inputs still load ---
head -c 200 "$T/count.zip" >"$T/truncated.zip"
check "truncated archive: exit 0 with another input" exit_is 0 "$CLI" layer --name other "$T/truncated.zip" "$DATA/rules" -o "$T/trunc.json"
check "  ... one line naming it" bash -c "[ \$(grep -c 'truncated.zip' '$T/err') = 1 ] && grep -q 'truncated.zip: error: ' '$T/err'"
check "  ... the other input's layer unchanged" cmp "$T/trunc.json" "$T/other.json"
check "truncated archive alone: exit 1" exit_is 1 "$CLI" layer "$T/truncated.zip" -o "$T/none.json"
echo 'title: not a zip' >"$T/fake.zip"
check "not a zip: exit 1" exit_is 1 "$CLI" layer "$T/fake.zip" -o "$T/none.json"
check "  ... said so" grep -q 'fake.zip: error: not a readable zip archive' "$T/err"
: >"$T/empty.zip"
check "empty file named .zip: exit 1" exit_is 1 "$CLI" layer "$T/empty.zip" -o "$T/none.json"
check "  ... named" grep -q 'empty.zip: error: ' "$T/err"
python3 - "$T/corrupt.zip" "$A" "$B" <<'PY'
# One entry whose deflated bytes are damaged (its CRC no longer matches), one intact.
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.write(sys.argv[2], 'c/a_damaged.yml')
    z.write(sys.argv[3], 'c/b_intact.yml')
b = bytearray(open(sys.argv[1], 'rb').read())
start = 30 + len('c/a_damaged.yml')  # first entry's data
for i in range(start + 20, start + 40):
    b[i] ^= 0x55
open(sys.argv[1], 'wb').write(b)
PY
check "damaged entry: exit 0" exit_is 0 "$CLI" layer "$T/corrupt.zip" -o "$T/corrupt.json"
check "  ... one line naming archive and entry" bash -c "[ \$(grep -c 'corrupt.zip' '$T/err') = 1 ] && grep -q 'corrupt.zip: error: entry c/a_damaged.yml: cannot be read' '$T/err'"
check "  ... the intact entry loaded" grep -qE 'loaded from 1 file \(' "$T/err"

# --- zip bomb: an entry past the loader's 8 MiB per file is cut off while inflating, not read whole ---
python3 - "$T/bomb.zip" "$A" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('b/huge.yml', b'#' * (64 << 20))   # 64 MiB of comment: ~64 KB compressed
    z.write(sys.argv[2], 'b/small.yml')
PY
check "bomb: exit 0" exit_is 0 "$CLI" layer "$T/bomb.zip" -o "$T/bomb.json"
check "  ... the big entry skipped, said once" bash -c "[ \$(grep -c 'bomb.zip' '$T/err') = 1 ] && grep -q 'bomb.zip: error: entry b/huge.yml: over the 8 MiB limit per rule file (uncompressed); skipped' '$T/err'"
check "  ... the small one loaded" grep -qE 'loaded from 1 file \(' "$T/err"

finish zip
