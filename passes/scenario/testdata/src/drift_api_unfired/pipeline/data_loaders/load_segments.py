import pandas as pd

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def load_segments(*args, **kwargs):
    frame = pd.read_parquet('s3://features/churn.parquet')
    return [[frame[frame.region == r] for r in frame.region.unique()]]
