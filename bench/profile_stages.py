#!/usr/bin/env python3
"""bench/profile_stages.py: a pprof profile of acrbench split by driver stage.

    go tool pprof -traces [-sample_index=alloc_space] BINARY PROFILE | python3 bench/profile_stages.py

Each sample goes to one stage: the innermost frame of its stack that names
a stage (below), so the stages add up to the whole profile and a pass's
line holds only its own code, not the parsing or reading it triggered:

    walk         checker's directory walk
    read         reading files, line tables (scanFile, File.Content)
    prefilter    byte triggers (checker.triggerSet)
    parse (C)    tree-sitter itself: the floor for a file that is parsed
    parse (Go)   the Go side of parsing: cgo tree to Go nodes
    pass NAME    a pass's own code (passes/NAME, innermost package wins)
    cache        the pass cache
    output       output package and JSON encoding
    driver       the rest of checker
    gc           the background garbage collector
    other        runtime and library frames outside all of these
"""
import re
import sys
from collections import defaultdict

STAGES = [
    ("parse (C)", re.compile(r"pass/python\._Cfunc_acr_parse|pass/python\.parseC\b")),
    ("parse (Go)", re.compile(r"pass/python\.(Parse|parse|build|rewriteNewSyntax)\b")),
    ("prefilter", re.compile(r"checker\.\(\*triggerSet\)")),
    ("read", re.compile(r"checker\.(readText|lineOffsets)\b|checker\.\(\*run\)\.scanFile|pass\.\(\*File\)\.(ReadFile|Content)\b")),
    ("walk", re.compile(r"checker\.(\(\*walker\)|\(\*treeWalk\)|ignored\b|ignoreRule\.|parseGitignore\b)")),
    ("cache", re.compile(r"checker\.\(\*Cache\)")),
    ("output", re.compile(r"acr/output\.|^encoding/json\.")),
    (None, re.compile(r"acr/passes/([a-z0-9_/]+)\.")),  # pass NAME
    ("gc", re.compile(r"^runtime\.gcBgMarkWorker")),
]

# A stack no stage above names is the driver's when it passes through checker.
DRIVER = re.compile(r"acr/checker\.")

UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1, "B": 1, "kB": 1e3, "KB": 1024, "MB": 1 << 20, "GB": 1 << 30}


def value(text):
    m = re.match(r"([0-9.]+)([a-zA-Z]*)", text)
    if not m:
        return 0.0
    return float(m.group(1)) * UNITS.get(m.group(2), 1)


def stage(frames):
    for frame in frames:  # leaf first
        for name, rx in STAGES:
            m = rx.search(frame)
            if m:
                return name or "pass " + m.group(1)
    if any(DRIVER.search(frame) for frame in frames):
        return "driver"
    return "other"


def main():
    totals = defaultdict(float)
    frames, amount, unit = [], None, ""
    for line in sys.stdin:
        line = line.rstrip("\n")
        if line.startswith("-----------+"):
            if amount is not None:
                totals[stage(frames)] += amount
            frames, amount = [], None
            continue
        m = re.match(r"^\s+([0-9.]+[a-zA-Z]*)\s+(\S.*)$", line)
        if m and amount is None and "bytes:" not in line:
            amount = value(m.group(1))
            unit = "s" if re.search(r"[0-9](ns|us|ms|s)$", m.group(1)) else "MB"
            frames.append(m.group(2))
        elif amount is not None and line.strip() and not line.strip().startswith("bytes:"):
            frames.append(line.strip())
    if amount is not None:
        totals[stage(frames)] += amount
    whole = sum(totals.values()) or 1
    scale = 1 if unit == "s" else 1 / (1 << 20)
    print("%-28s %10s %6s" % ("stage", unit, "%"))
    for name, v in sorted(totals.items(), key=lambda kv: -kv[1]):
        print("%-28s %10.2f %5.1f%%" % (name, v * scale, 100 * v / whole))
    print("%-28s %10.2f" % ("total", whole * scale))


if __name__ == "__main__":
    main()
