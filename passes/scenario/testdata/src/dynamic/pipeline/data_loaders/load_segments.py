import pandas as pd

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def load_segments(*args, **kwargs):
    frame = pd.read_parquet('s3://features/churn.parquet')
    segments = [frame[frame.region == r] for r in frame.region.unique()]
    metadata = [dict(block_uuid=f'train_{i}') for i in range(len(segments))]
    return [segments, metadata]
