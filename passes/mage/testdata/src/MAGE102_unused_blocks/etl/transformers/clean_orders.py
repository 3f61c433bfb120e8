# The nightly pipeline runs this block: its write is a finding.
if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def clean(df, *args, **kwargs):
    df.to_parquet("/tmp/orders.parquet")  # want `transformer clean performs I/O \(df\.to_parquet\(\)\): .*@data_exporter block \[MAGE102\]`
    return df
