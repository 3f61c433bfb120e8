from notebooks.explore import helper  # want `pipeline code imports notebooks.explore.helper from the notebooks layer \(notebooks/explore\).*\[LAYER101\]`
from shared.io import load


def fit(frame):
    return helper(load(frame))
