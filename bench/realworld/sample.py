#!/usr/bin/env python3
"""sample.py: draw a seeded, rule-stratified sample of findings, and score a judged one.

  sample.py draw OUT SEED [-n TOTAL] [-min MIN] [-cap CAP] > sample.tsv
  sample.py score judged.tsv [OUT] > precision.md-fragment
  sample.py census OUT judged.tsv... > precision.md-fragment

draw reads the OUT/<name>.json reports of run.sh. Every rule first gets
min(count, MIN) findings (default 10), so a rule with MIN or more findings
is judged at least MIN times and a rare rule is judged whole; the slots left
up to TOTAL (default 160) go to rules in proportion to how often they fire,
never more than CAP per rule (default 20). Within a rule the findings are
drawn uniformly over all repositories. Findings at note severity are left
out (-notes draws them too). The same reports and SEED give the
same sample. Columns: id, repo, rule, path:line, message, verdict, reason;
verdict (true, false or debatable) and reason are left for the judge.

score prints (with -still: over the rows whose "still" column is yes), per rule, its findings and notes (findings at note severity)
in OUT, the judged counts, strict precision (true / judged)
and lenient precision ((true + debatable) / judged); with OUT it also weights
each rule's precision by the number of findings (not notes) it has in OUT,
which estimates the share of all findings that are true.

census scores every finding (not note) of OUT by its verdict in the judged
files, a later file's verdict over an earlier one's for the same repository,
rule and path:line, and lists the findings no file judges: when none is left,
the precision it prints is that of the build, not an estimate."""
import argparse
import collections
import os
import random
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from reports import NOTE, current_code, findings

COLUMNS = ["id", "repo", "rule", "path:line", "message", "verdict", "reason"]
VERDICTS = ("true", "false", "debatable")


def clean(s):
    return " ".join(s.split())


def draw(args):
    found = list(findings(args.out, notes=args.notes))
    by_rule = collections.defaultdict(list)
    for f in found:
        by_rule[f[1]].append(f)
    rng = random.Random(args.seed)
    quota = {rule: min(len(fs), args.min) for rule, fs in by_rule.items()}
    left = args.n - sum(quota.values())
    # proportional share of the remaining slots, largest remainders first
    while left > 0:
        open_rules = [r for r in by_rule if quota[r] < min(len(by_rule[r]), args.cap)]
        if not open_rules:
            break
        weight = sum(len(by_rule[r]) for r in open_rules)
        shares = {r: left * len(by_rule[r]) / weight for r in open_rules}
        given = 0
        for r in sorted(open_rules, key=lambda r: (-shares[r], r)):
            add = max(1, int(shares[r]))
            add = min(add, min(len(by_rule[r]), args.cap) - quota[r], left - given)
            if add <= 0:
                continue
            quota[r] += add
            given += add
        if given == 0:
            break
        left -= given
    w = sys.stdout
    w.write("# seed %s, %d findings in %s, quota min %d cap %d%s\n" % (
        args.seed, len(found), os.path.basename(os.path.normpath(args.out)), args.min, args.cap,
        "; drawn with -notes" if args.notes else ""))
    w.write("\t".join(COLUMNS) + "\n")
    i = 0
    for rule in sorted(by_rule):
        pool = sorted(by_rule[rule])
        for repo, _, where, message in sorted(rng.sample(pool, quota[rule])):
            i += 1
            w.write("\t".join([f"{args.seed}-{i:03d}", repo, rule, where, clean(message), "", ""]) + "\n")


def read_judged(path):
    """The rows of a judged TSV file without its comments and header, and the column index by name."""
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
    return {c: i for i, c in enumerate(rows[0])}, rows[1:]


def score(args):
    judged = collections.defaultdict(collections.Counter)
    col, rows = read_judged(args.judged)
    if args.still:
        # A sample drawn before later changes: score the findings the
        # current build still reports (its "still" column), a stratified
        # random sample of them since the changes added no finding.
        rows = [r for r in rows if r[col["still"]] == "yes"]
    for row in rows:
        verdict = row[col["verdict"]].strip()
        if verdict not in VERDICTS:
            sys.exit(f"{row[0]}: verdict {verdict!r} is not one of {VERDICTS}")
        judged[current_code(row[col["rule"]])][verdict] += 1
    counts = collections.Counter()
    if args.out:
        for _, rule, _, _ in findings(args.out, notes=True):
            counts[rule] += 1
    print("| rule | findings | judged | true | debatable | false | strict | lenient |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total = {False: collections.Counter(), True: collections.Counter()}  # by is-note
    found = collections.Counter()
    weighted_true = weighted_found = 0.0
    for rule in sorted(set(judged) | set(counts)):
        c = judged[rule]
        n = sum(c.values())
        note = rule.endswith(NOTE)
        total[note].update(c)
        found[note] += counts[rule]
        if n and not note:
            weighted_found += counts[rule]
            weighted_true += counts[rule] * c["true"] / n
        print(row_md(rule, counts[rule] if args.out else "-", c))
    for note, label in ((False, "**all findings**"), (True, "**all notes**")):
        if sum(total[note].values()):
            print(row_md(label, found[note] if args.out else "-", total[note]))
    if args.out and weighted_found:
        print(f"\nweighted by findings per rule (notes apart): strict precision "
              f"{weighted_true / weighted_found:.2f} (about {weighted_true:.0f} of "
              f"{weighted_found:.0f} findings true)")


def census(args):
    verdicts = {}
    for path in args.judged:
        col, rows = read_judged(path)
        for row in rows:
            verdict = row[col["verdict"]].strip()
            if verdict not in VERDICTS:
                sys.exit(f"{path}: {row[0]}: verdict {verdict!r} is not one of {VERDICTS}")
            verdicts[(row[col["repo"]], current_code(row[col["rule"]]), row[col["path:line"]])] = verdict
    judged = collections.defaultdict(collections.Counter)
    unjudged = []
    for repo, rule, where, _ in findings(args.out):
        v = verdicts.get((repo, rule, where))
        if v is None:
            unjudged.append(f"{repo} {rule} {where}")
            continue
        judged[rule][v] += 1
    print("| rule | findings | judged | true | debatable | false | strict | lenient |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total = collections.Counter()
    for rule in sorted(judged):
        total.update(judged[rule])
        print(row_md(rule, sum(judged[rule].values()), judged[rule]))
    print(row_md("**all findings**", sum(total.values()) + len(unjudged), total))
    if unjudged:
        print(f"\n{len(unjudged)} findings not judged:\n" + "\n".join("- " + u for u in unjudged))


def row_md(label, found, c):
    """One markdown row: label, findings, judged, verdicts, strict and lenient precision."""
    n = sum(c.values())
    strict = f"{c['true'] / n:.2f}" if n else "-"
    lenient = f"{(c['true'] + c['debatable']) / n:.2f}" if n else "-"
    return (f"| {label} | {found} | {n} | {c['true']} | {c['debatable']} | {c['false']} | "
            f"{strict} | {lenient} |")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("out")
    d.add_argument("seed", type=int)
    d.add_argument("-n", type=int, default=160)
    d.add_argument("-min", type=int, default=10)
    d.add_argument("-cap", type=int, default=20)
    d.add_argument("-notes", action="store_true", help="draw findings at note severity too")
    d.set_defaults(func=draw)
    s = sub.add_parser("score")
    s.add_argument("judged")
    s.add_argument("out", nargs="?")
    s.add_argument("-still", action="store_true", help='score only the rows whose "still" column is yes')
    s.set_defaults(func=score)
    c = sub.add_parser("census")
    c.add_argument("out")
    c.add_argument("judged", nargs="+")
    c.set_defaults(func=census)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
