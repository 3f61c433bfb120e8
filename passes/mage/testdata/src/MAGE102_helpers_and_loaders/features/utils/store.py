import pandas as pd
from sqlalchemy import create_engine

engine = create_engine("postgresql://warehouse/features")


def save_features(df):
    df.to_sql("features", engine, if_exists="append")


def read_features():
    return pd.read_sql("SELECT * FROM features", engine)
