# No pipeline lists this block: nothing runs it, so its write is a note.
if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def load(df, *args, **kwargs):
    df.to_parquet("/tmp/old.parquet")  # want `transformer load performs I/O .*\(a note: no pipeline of the project in etl lists this block in its metadata\.yaml, so nothing runs it\) \[MAGE102\]`
    return df
