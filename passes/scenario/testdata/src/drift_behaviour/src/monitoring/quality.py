"""Feature monitoring of a stack without Mage or H2O: alerts on drift."""
from dataclasses import dataclass, field

from scipy.stats import ks_2samp


@dataclass
class Report:
    alerts: list = field(default_factory=list)
    model_flagged: bool = False


class Monitor:
    def check(self, reference, current):
        report = Report()
        for column in reference.columns:
            if column not in current.columns:
                report.alerts.append(f"missing column {column}")
            elif reference[column].dtype.kind == "f" and ks_2samp(reference[column], current[column]).pvalue < 0.01:
                report.alerts.append(f"distribution of {column} changed")
        report.model_flagged = bool(report.alerts)
        return report
