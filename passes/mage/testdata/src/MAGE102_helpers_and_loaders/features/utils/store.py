import pandas as pd
from sqlalchemy import create_engine

engine = create_engine("postgresql://warehouse/features")


def save_features(df):
    df.to_sql("features", engine, if_exists="append")


def read_features():
    return pd.read_sql("SELECT * FROM features", engine)


def extract(kind, df):
    # A shared extractor: only one kind of data is cached to parquet. Which
    # branch runs depends on the caller's arguments.
    if kind == "blocks":
        df.to_parquet("/tmp/blocks.parquet")
    return df
