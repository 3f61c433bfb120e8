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


def findings(out):
    """Yield (repository, rule, "path:line", message) for every finding under OUT."""
    for name, report in reports(out):
        for d in report.get("diagnostics") or []:
            yield name, d["rule"], f'{d["path"]}:{d["line"]}', d["message"]
