import numpy as np
import pandas as pd
import asyncio


async def report(path):
    df = pd.read_csv(path)  # want `pd\.read_csv \(pandas\.read_csv\) in async def report runs CPU-bound data-frame work on the event loop; offload it with await asyncio\.to_thread\(\.\.\.\) or await loop\.run_in_executor\(None, \.\.\.\) \[ASYNC116\]`
    summary = df.groupby("k").agg({"v": "sum"})  # want `df\.groupby\("k"\)\.agg .*\[ASYNC116\]`
    merged = pd.merge(summary, df, on="k")  # want `pd\.merge \(pandas\.merge\) .*\[ASYNC116\]`
    return merged


async def numpy_work(matrix):
    inv = np.linalg.inv(matrix)  # want `np\.linalg\.inv \(numpy\.linalg\.inv\) .*\[ASYNC116\]`
    return np.einsum("ij,jk", inv, matrix)  # want `np\.einsum \(numpy\.einsum\) .*\[ASYNC116\]`


async def frame_from_data(rows):
    empty = pd.DataFrame()
    full = pd.DataFrame(rows)  # want `pd\.DataFrame \(pandas\.DataFrame\) .*\[ASYNC116\]`
    return empty, full


async def named_frames(features_df, frame):
    features_df.apply(len)  # want `features_df\.apply .*\[ASYNC116\]`
    frame.sort_values("k")  # want `frame\.sort_values .*\[ASYNC116\]`


async def cheap_calls(df, values):
    ", ".join(values)
    df.head()
    return np.zeros(3), np.array(values)


async def offloaded(path):
    return await asyncio.to_thread(pd.read_csv, path)  # ok: ASYNC116 -- the frame work runs in a worker thread


def sync_pipeline(path):
    return pd.read_csv(path).groupby("k").sum()  # ok: ASYNC116 -- a sync function runs off the loop
