from typing import Dict

import pandas as pd
import polars as pl

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


def summarize(df):
    counts = {}
    for segment, group in df.groupby("segment"):
        counts[segment] = len(group)
    return counts


def describe(df) -> Dict[str, int]:
    return {"rows": len(df)}


def clean(df: pd.DataFrame) -> pd.DataFrame:
    return df.dropna()


@transformer
def assigned(df, *args, **kwargs):
    result = df.to_dict("records")
    return result  # want `transformer assigned returns a dict \(.to_dict\(\)\), not a DataFrame`


@transformer
def built_up(df, *args, **kwargs):
    by_id = {}
    for _, row in df.iterrows():
        by_id[row["id"]] = row["score"]
    by_id |= {"total": len(df)}
    return by_id  # want `returns a dict \(by_id, set at line 33\), not a DataFrame`


@transformer
def listed(df, *args, **kwargs):
    # ok: MAGE101 -- a list built up may hold DataFrames (Mage's multiple outputs)
    frames = []
    for _, group in df.groupby("segment"):
        frames.append(group)
    return frames


@transformer
def one_column(df: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    scores = df.dropna()["score"]
    return scores  # want `returns a pandas Series \(df.dropna\(\)\["score"\]\), not a DataFrame`


@transformer
def sizes(*args, **kwargs):
    df = pd.read_csv("segments.csv")
    return df.groupby("segment").size()  # want `returns a pandas Series \(.groupby\(...\).size\(\)\)`


@transformer
def totals(df: pd.DataFrame, *args, **kwargs):
    return df.sum()  # want `returns a pandas Series \(.sum\(\)\)`


@transformer
def through_helper(df, *args, **kwargs):
    return summarize(df)  # want `returns a dict \(from summarize\), not a DataFrame`


@transformer
def annotated_helper(df, *args, **kwargs):
    stats = describe(df)
    return stats  # want `returns a dict \(from describe\)`


@transformer
def wrapped(df, *args, **kwargs):
    return pd.Series(df["x"].unique())  # want `returns a pandas Series \(pd.Series\(\)\)`


@transformer
def frame_again(df: pd.DataFrame, *args, **kwargs):
    # ok: MAGE101 -- a frame built from a Series is a frame
    out = df["score"].to_frame()
    out = pd.DataFrame({"score": df["score"]})
    return out


@transformer
def cleaned(df, *args, **kwargs):
    return clean(df)  # ok: MAGE101 -- the helper returns a DataFrame


@transformer
def either(df: pd.DataFrame, *args, **kwargs):
    out = df.to_dict()
    if kwargs.get("keep_frame"):
        out = df
    return out  # ok: MAGE101 -- a DataFrame on one branch


@transformer
def columns(df: pd.DataFrame, *args, **kwargs):
    return df[["a", "b"]]  # ok: MAGE101 -- a list of columns is a frame


@transformer
def untyped_column(df, *args, **kwargs):
    # ok: MAGE101 -- the input's type is unknown (a dict's item may be a frame)
    return df["features"]


@transformer
def counted(df: pd.DataFrame, *args, **kwargs):
    # ok: MAGE101 -- size() of a groupby that does not index by the keys is a frame
    return df.groupby("segment", as_index=False).size()


@transformer
def polars_sum(df: pl.DataFrame, *args, **kwargs):
    return df.sum()  # ok: MAGE101 -- a polars reduction keeps a one-row DataFrame


@transformer
def batches(df, *args, **kwargs):
    # ok: MAGE101 -- a generator block yields its batches
    for chunk in range(3):
        yield df


@transformer
def transform(messages, *args, **kwargs):
    # ok: MAGE101 -- a streaming transformer passes on a batch of messages
    out = []
    for message in messages:
        out.append(dict(message, seen=True))
    return out
