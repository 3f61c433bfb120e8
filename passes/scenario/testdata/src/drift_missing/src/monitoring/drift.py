"""Drift monitor: compares live feature distributions with the reference."""  # want `no test simulates data drift, so nothing shows that drift handling works end to end: add an integration test under tests/ .*\[SCN101\]` `no drift test asserts that the Mage retraining pipeline is triggered` `no drift test asserts that retraining exports a new MOJO: assert the new .zip written by download_mojo or the bumped version`
from scipy.stats import ks_2samp


def drifted_columns(reference, live, alpha=0.01):
    return [col for col in reference.columns if ks_2samp(reference[col], live[col]).pvalue < alpha]
