"""Drift monitoring of a stack without Mage or H2O: alerts, no retraining."""
from evidently.report import Report
from evidently.metric_preset import DataDriftPreset


def check_drift(reference, live):
    report = Report(metrics=[DataDriftPreset()])
    report.run(reference_data=reference, current_data=live)
    return report.as_dict()
