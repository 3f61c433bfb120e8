#!/usr/bin/env python3
"""sample.py: draw a seeded, rule-stratified sample of findings, and score a judged one.

  sample.py draw OUT SEED [-n TOTAL] [-min MIN] [-cap CAP] > sample.tsv
  sample.py score judged.tsv [OUT] > precision.md-fragment

draw reads the OUT/<name>.json reports of run.sh. Every rule first gets
min(count, MIN) findings (default 10), so a rule with MIN or more findings
is judged at least MIN times and a rare rule is judged whole; the slots left
up to TOTAL (default 160) go to rules in proportion to how often they fire,
never more than CAP per rule (default 20). Within a rule the findings are
drawn uniformly over all repositories. The same reports and SEED give the
same sample. Columns: id, repo, rule, path:line, message, verdict, reason;
verdict (true, false or debatable) and reason are left for the judge.

score prints, per rule, the judged counts, strict precision (true / judged)
and lenient precision ((true + debatable) / judged); with OUT it also weights
each rule's precision by the number of findings it has in OUT, which
estimates the share of all findings that are true."""
import argparse
import collections
import os
import random
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from reports import findings

COLUMNS = ["id", "repo", "rule", "path:line", "message", "verdict", "reason"]
VERDICTS = ("true", "false", "debatable")


def clean(s):
    return " ".join(s.split())


def draw(args):
    found = list(findings(args.out))
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
    w.write("# seed %s, %d findings in %s, quota min %d cap %d\n" % (
        args.seed, len(found), os.path.basename(os.path.normpath(args.out)), args.min, args.cap))
    w.write("\t".join(COLUMNS) + "\n")
    i = 0
    for rule in sorted(by_rule):
        pool = sorted(by_rule[rule])
        for repo, _, where, message in sorted(rng.sample(pool, quota[rule])):
            i += 1
            w.write("\t".join([f"{args.seed}-{i:03d}", repo, rule, where, clean(message), "", ""]) + "\n")


def score(args):
    judged = collections.defaultdict(collections.Counter)
    with open(args.judged) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
    header, rows = rows[0], rows[1:]
    col = {c: i for i, c in enumerate(header)}
    for row in rows:
        verdict = row[col["verdict"]].strip()
        if verdict not in VERDICTS:
            sys.exit(f"{row[0]}: verdict {verdict!r} is not one of {VERDICTS}")
        judged[row[col["rule"]]][verdict] += 1
    counts = collections.Counter()
    if args.out:
        for _, rule, _, _ in findings(args.out):
            counts[rule] += 1
    print("| rule | findings | judged | true | debatable | false | strict | lenient |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    tot = collections.Counter()
    wsum = wtrue = 0.0
    for rule in sorted(set(judged) | set(counts)):
        c = judged[rule]
        n = sum(c.values())
        tot.update(c)
        if n:
            strict = c["true"] / n
            lenient = (c["true"] + c["debatable"]) / n
            wsum += counts[rule]
            wtrue += counts[rule] * strict
            s, l = f"{strict:.2f}", f"{lenient:.2f}"
        else:
            s = l = "-"
        print(f"| {rule} | {counts[rule] if args.out else '-'} | {n} | {c['true']} | "
              f"{c['debatable']} | {c['false']} | {s} | {l} |")
    n = sum(tot.values())
    if n:
        print(f"| **all** | {sum(counts.values()) if args.out else '-'} | {n} | {tot['true']} | "
              f"{tot['debatable']} | {tot['false']} | {tot['true']/n:.2f} | "
              f"{(tot['true']+tot['debatable'])/n:.2f} |")
    if args.out and wsum:
        print(f"\nweighted by findings per rule: strict precision {wtrue/wsum:.2f} "
              f"(about {wtrue:.0f} of {wsum:.0f} findings true)")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("draw")
    d.add_argument("out")
    d.add_argument("seed", type=int)
    d.add_argument("-n", type=int, default=160)
    d.add_argument("-min", type=int, default=10)
    d.add_argument("-cap", type=int, default=20)
    d.set_defaults(func=draw)
    s = sub.add_parser("score")
    s.add_argument("judged")
    s.add_argument("out", nargs="?")
    s.set_defaults(func=score)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
