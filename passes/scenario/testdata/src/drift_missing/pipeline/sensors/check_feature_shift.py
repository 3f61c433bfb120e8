import pandas as pd
from scipy import stats

if 'sensor' not in globals():
    from mage_ai.data_preparation.decorators import sensor


@sensor
def check_feature_shift(*args, **kwargs) -> bool:
    reference = pd.read_parquet('s3://features/reference.parquet')
    live = pd.read_parquet('s3://features/last_day.parquet')
    return stats.ks_2samp(reference.amount, live.amount).pvalue < 0.01
