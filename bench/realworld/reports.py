"""reports.py: read the OUT/<name>.json reports that run.sh writes (shared by counts.py and sample.py)."""
import json
import os


def reports(out):
    """Yield (repository name, acrvet JSON report) for each OUT/<name>.json, by name."""
    for entry in sorted(os.listdir(out), key=str.lower):
        if not entry.endswith(".json"):
            continue
        with open(os.path.join(out, entry)) as f:
            try:
                report = json.load(f)
            except json.JSONDecodeError:
                continue  # a run that died mid-write; runs.tsv has its exit code
        yield entry[:-5], report


def is_note(d):
    """A finding at note severity: shown for information, not a finding to act on
    (asyncradar reports off-request-path calls so when configured to)."""
    return d.get("severity") == "note"


def rule_of(d):
    """The rule of a finding under its current code, with " (note)" after it at
    note severity, so that notes are counted, drawn and scored apart from the
    findings of the same rule."""
    return current_code(d["rule"]) + (NOTE if is_note(d) else "")


# Codes a rule was renamed from, by prefix: asyncradar's ASYNC1xx became ARX1xx
# (issue 15) because flake8-async and ruff use ASYNC1xx for other checks.
RENAMED = {"ASYNC1": "ARX1"}


def current_code(rule):
    """rule under its current code, so that reports of builds before and after a
    renaming line up (the " (note)" suffix is kept)."""
    for old, new in RENAMED.items():
        if rule.startswith(old):
            return new + rule[len(old):]
    return rule


NOTE = " (note)"


def findings(out, notes=False):
    """Yield (repository, rule_of, "path:line", message) for every finding under
    OUT, without those at note severity unless notes is true."""
    for name, report in reports(out):
        for d in report.get("diagnostics") or []:
            if notes or not is_note(d):
                yield name, rule_of(d), f'{d["path"]}:{d["line"]}', d["message"]
