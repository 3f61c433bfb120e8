#!/usr/bin/env python3
"""counts.py: findings per rule, from the OUT/<name>.json reports run.sh writes.

  counts.py OUT              rules (rows) by repository (columns), tab-separated,
                             with a total column and row; findings at note
                             severity are counted apart ('RULE (note)'), the
                             runs' errors and notes on rows '(errors)' and
                             '(notes)'
  counts.py BEFORE AFTER     per rule: findings in BEFORE, in AFTER, and the
                             change, as a markdown table (note severity apart)"""
import collections
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from reports import NOTE, reports, rule_of


def load(out):
    """{rule: Counter(repo -> findings)} and the sorted repository names."""
    counts = collections.defaultdict(collections.Counter)
    repos = []
    for name, report in reports(out):
        repos.append(name)
        for d in report.get("diagnostics") or []:
            counts[rule_of(d)][name] += 1
        counts["(errors)"][name] += len(report.get("errors") or [])
        counts["(notes)"][name] += len(report.get("notes") or [])
    return counts, repos


def table(out):
    counts, repos = load(out)
    rules = sorted(r for r in counts if not r.startswith("("))
    print("\t".join(["rule"] + repos + ["total"]))
    total = collections.Counter()
    for rule in rules + ["(errors)", "(notes)"]:
        row = [counts[rule][r] for r in repos]
        if not rule.startswith("(") and not rule.endswith(NOTE):
            for r in repos:
                total[r] += counts[rule][r]
        print("\t".join([rule] + [str(n) for n in row] + [str(sum(row))]))
    print("\t".join(["total"] + [str(total[r]) for r in repos] + [str(sum(total.values()))]))


def diff(before, after):
    b, _ = load(before)
    a, _ = load(after)
    rules = sorted(r for r in set(b) | set(a) if not r.startswith("("))
    print("| rule | before | after | change |")
    print("|---|---:|---:|---:|")
    tb = ta = 0
    for rule in rules:
        nb, na = sum(b[rule].values()), sum(a[rule].values())
        if not rule.endswith(NOTE):
            tb, ta = tb + nb, ta + na
        print(f"| {rule} | {nb} | {na} | {na - nb:+d} |")
    print(f"| **all** (without notes) | {tb} | {ta} | {ta - tb:+d} |")


def main():
    if len(sys.argv) == 2:
        table(sys.argv[1])
    elif len(sys.argv) == 3:
        diff(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
