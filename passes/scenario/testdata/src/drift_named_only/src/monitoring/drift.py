"""Feature monitoring of a stack without Mage or H2O."""
from scipy.stats import ks_2samp


def check_drift(reference, current):
    return {c: ks_2samp(reference[c], current[c]).pvalue for c in reference.columns}  # want `no test simulates data drift.*\[SCN101\]`
