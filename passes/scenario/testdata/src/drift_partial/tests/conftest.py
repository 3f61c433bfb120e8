import numpy as np
import pytest


@pytest.fixture
def reference():
    return np.random.default_rng(0).normal(0, 1, 5000)
