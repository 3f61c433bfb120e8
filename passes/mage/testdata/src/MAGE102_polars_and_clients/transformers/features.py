import httpx
import polars as pl
from mage_ai.data_preparation.decorators import transformer


@transformer
def build(df: pl.DataFrame, *args, **kwargs) -> pl.DataFrame:
    out = df.with_columns(pl.col("x").fill_null(0))
    out.write_parquet("/tmp/features.parquet")  # want `performs I/O \(out.write_parquet\(\)\)`
    client = httpx.Client()
    client.post("http://registry/features", json=out.to_dicts())  # want `performs I/O \(HTTP client.post\(\)\)`
    return out


@transformer
def finish(df, *args, **kwargs):
    conn = kwargs["conn"]
    conn.cursor().execute("INSERT INTO audit SELECT 1")  # want `performs I/O \(conn.cursor\(\).execute\("INSERT ..."\)\)`
    conn.commit()  # want `performs I/O \(conn.commit\(\)\)`
    conn.cursor().execute("SELECT 1")
    return df.to_pandas()


def transform(df):
    # not a block: no decorator
    df.to_sql("x", None)
    return {}
