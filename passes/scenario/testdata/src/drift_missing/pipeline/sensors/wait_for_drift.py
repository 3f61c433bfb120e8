import pandas as pd
from scipy.stats import wasserstein_distance

if 'sensor' not in globals():
    from mage_ai.data_preparation.decorators import sensor


@sensor
def wait_for_drift(*args, **kwargs) -> bool:
    reference = pd.read_parquet('s3://features/reference.parquet')
    live = pd.read_parquet('s3://features/last_day.parquet')
    return wasserstein_distance(reference.amount, live.amount) > kwargs.get('threshold', 0.5)
