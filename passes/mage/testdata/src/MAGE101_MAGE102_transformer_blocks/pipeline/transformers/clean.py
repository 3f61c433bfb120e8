import pandas as pd

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer
if 'test' not in globals():
    from mage_ai.data_preparation.decorators import test


@transformer
def transform(df: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """A pure block: DataFrame in, DataFrame out."""
    df = df.dropna(subset=["customer_id"])
    summary = df.groupby("segment").size().to_dict()
    print(summary)
    return df.assign(score=df["score"].clip(0, 1))  # ok: MAGE101 -- a DataFrame


@test
def test_output(output, *args) -> None:
    assert output is not None
