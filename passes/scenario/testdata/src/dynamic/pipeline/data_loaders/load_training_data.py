import pandas as pd

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def load_training_data(*args, **kwargs):
    return pd.read_parquet('s3://features/churn.parquet')
