#!/usr/bin/env python3
# html5_check.py — an independent reader of the board document for tests/cli/board.sh: parses it
# with html5lib (Debian python3-html5lib) in strict mode, so any HTML5 parse error fails, then
# (given the report) compares what the document says with `layer --report`'s JSON: the KPI tiles,
# the coverage by tactic, and every term of every top gap.
# Usage: html5_check.py BOARD.html [REPORT.json]     exit 0 when all holds, 1 with the reason.
import json
import sys

import html5lib


def text(el):
    return "".join(el.itertext())


def cls(el):
    return el.get("class", "").split()


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: html5_check.py BOARD.html [REPORT.json]", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        source = f.read()
    try:
        doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(source)
    except html5lib.html5parser.ParseError as e:
        print(f"{sys.argv[1]}: not valid HTML5: {e}", file=sys.stderr)
        return 1
    if not source.startswith("<!DOCTYPE html>"):
        print("no <!DOCTYPE html>", file=sys.stderr)
        return 1
    article = [a for a in doc.iter("article") if "shb" in cls(a)]
    if len(article) != 1:
        print("no <article class=shb>", file=sys.stderr)
        return 1
    for el in doc.iter():
        if isinstance(el.tag, str) and el.tag.endswith("script"):
            print("a script element", file=sys.stderr)
            return 1
        if el.get("style") is not None:
            print(f"a style attribute on <{el.tag}>", file=sys.stderr)
            return 1
    if len(sys.argv) == 2:
        return 0

    with open(sys.argv[2], encoding="utf-8") as f:
        board = json.load(f)["board"]
    problems = []

    tiles = []
    for li in doc.iter("li"):
        if "shb-tile" in cls(li):
            label = text(li.find("h3"))
            value = [text(p) for p in li.iter("p") if "shb-value" in cls(p)][0]
            tiles.append([label, value])
    want = [[t["label"], t["value"]] for t in board["tiles"]]
    if tiles != want:
        problems.append(f"tiles {tiles} != {want}")

    def rows(table_class):
        for table in doc.iter("table"):
            if table_class in cls(table):
                return [tr for tr in table.find("tbody").findall("tr")]
        return []

    bars = [[text(c) for c in tr] for tr in rows("shb-bars")]
    want = [[b["name"], f"{round(b['coveredPct'])}% ({b['covered']}/{b['total']})"] for b in board["tacticBars"]]
    got = [[r[0], r[2]] for r in bars]
    # Python rounds halves to even, C++'s llround away from zero: compare the counts exactly and
    # the percentage within rounding.
    for g, w, b in zip(got, want, board["tacticBars"]):
        if g[0] != w[0] or not g[1].endswith(f"({b['covered']}/{b['total']})"):
            problems.append(f"tactic bar {g} != {w}")
        elif abs(float(g[1].split("%")[0]) - b["coveredPct"]) > 0.5:
            problems.append(f"tactic bar {g} != {b['coveredPct']}")
    if len(got) != len(want):
        problems.append(f"{len(got)} tactic bars, the report has {len(want)}")

    gaps = rows("shb-gaps")
    if len(gaps) != len(board["topGaps"]):
        problems.append(f"{len(gaps)} gap rows, the report has {len(board['topGaps'])}")
    # In column order: the priority after the score, then the formula's terms.
    terms = ["priority", "criticality", "frequency", "impactTerm", "threatTerm", "coverageTerm"]
    for tr, g in zip(gaps, board["topGaps"]):
        cells = list(tr)
        if text(cells[0]) != str(g["rank"]) or text(cells[1]) != f"{g['technique']} {g['name']}" or \
                text(cells[3]) != str(g["score"]):
            problems.append(f"gap row {[text(c) for c in cells[:4]]} != {g['rank']} {g['technique']} {g['score']}")
        values = [float(d.get("value")) for d in tr.iter("data")]
        if values != [g[t] for t in terms]:
            problems.append(f"gap {g['technique']}: {values} != {[g[t] for t in terms]}")

    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
