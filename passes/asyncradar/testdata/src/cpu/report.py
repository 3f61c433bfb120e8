import numpy as np
import pandas as pd
import asyncio


async def report(path):
    df = pd.read_csv(path)  # want `pd\.read_csv \(pandas\.read_csv\) in async def report runs CPU-bound data-frame work on the event loop; offload it with await asyncio\.to_thread\(\.\.\.\) or await loop\.run_in_executor\(None, \.\.\.\) \(in a library package, whose callers \(flows, scripts, workers\) the graph cannot see\) \[ARX116\]`
    summary = df.groupby("k").agg({"v": "sum"})  # want `df\.groupby\("k"\)\.agg .*\[ARX116\]`
    merged = pd.merge(summary, df, on="k")  # want `pd\.merge \(pandas\.merge\) .*\[ARX116\]`
    return merged


async def numpy_work(matrix):
    inv = np.linalg.inv(matrix)  # want `np\.linalg\.inv \(numpy\.linalg\.inv\) .*\[ARX116\]`
    return np.einsum("ij,jk", inv, matrix)  # want `np\.einsum \(numpy\.einsum\) .*\[ARX116\]`


async def frame_from_data(rows):
    empty = pd.DataFrame()
    full = pd.DataFrame(rows)  # want `pd\.DataFrame \(pandas\.DataFrame\) .*\[ARX116\]`
    return empty, full


async def named_frames(features_df, frame):
    features_df.apply(len)  # want `features_df\.apply .*\[ARX116\]`
    frame.sort_values("k")  # want `frame\.sort_values .*\[ARX116\]`


async def cheap_calls(df, values):
    ", ".join(values)
    df.head()
    return np.zeros(3), np.array(values)


async def offloaded(path):
    return await asyncio.to_thread(pd.read_csv, path)  # ok: ARX116 -- the frame work runs in a worker thread


def sync_pipeline(path):
    return pd.read_csv(path).groupby("k").sum()  # ok: ARX116 -- a sync function runs off the loop


async def one_row_from_request(payload, request):
    pd.DataFrame([payload.model_dump()])
    pd.DataFrame({"age": [payload.age], "income": [payload.income]})
    pd.DataFrame({"age": payload.age, "income": payload.income}, index=[0])
    pd.DataFrame([row for row in request.rows])  # want `pd\.DataFrame .*\[ARX116\]`
    pd.DataFrame({"age": [r.age for r in request.rows]})  # want `pd\.DataFrame .*\[ARX116\]`


async def images_and_buffers(path, payload: bytes):
    import gzip
    import zlib
    from PIL import Image

    img = Image.open(path)  # ok: ARX116 -- it reads the header only; decoding is in the methods
    img.convert("RGB")  # want `img\.convert \(PIL\.Image\.open\.convert\) .*\[ARX116\]`
    gzip.compress(payload)  # want `gzip\.compress .*\[ARX116\]`
    zlib.decompress(payload)  # want `zlib\.decompress .*\[ARX116\]`
    await asyncio.to_thread(gzip.compress, payload)
