#!/usr/bin/env python3
"""counts.py OUT: a table of findings per rule (rows) and repository (columns)
from the OUT/<name>.json reports that run.sh wrote, tab-separated, with a
total column and row. Errors and notes of each run are counted on rows
'(errors)' and '(notes)'."""
import collections
import json
import os
import sys


def main():
    out = sys.argv[1]
    counts = collections.defaultdict(collections.Counter)
    repos = []
    for entry in sorted(os.listdir(out), key=str.lower):
        if not entry.endswith(".json"):
            continue
        name = entry[:-5]
        with open(os.path.join(out, entry)) as f:
            try:
                report = json.load(f)
            except json.JSONDecodeError:
                continue
        repos.append(name)
        for d in report.get("diagnostics") or []:
            counts[d["rule"]][name] += 1
        counts["(errors)"][name] += len(report.get("errors") or [])
        counts["(notes)"][name] += len(report.get("notes") or [])
    rules = sorted(r for r in counts if not r.startswith("("))
    print("\t".join(["rule"] + repos + ["total"]))
    total = collections.Counter()
    for rule in rules + ["(errors)", "(notes)"]:
        row = [counts[rule][r] for r in repos]
        if not rule.startswith("("):
            for r in repos:
                total[r] += counts[rule][r]
        print("\t".join([rule] + [str(n) for n in row] + [str(sum(row))]))
    print("\t".join(["total"] + [str(total[r]) for r in repos] + [str(sum(total.values()))]))


if __name__ == "__main__":
    main()
