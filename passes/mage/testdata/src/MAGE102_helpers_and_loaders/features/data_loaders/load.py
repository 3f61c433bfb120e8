import pandas as pd
import requests

from features.utils.store import save_features

if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def load_and_store(*args, **kwargs):
    df = pd.DataFrame(requests.get("https://api.example.com/rows").json())  # ok: MAGE102 -- a loader reads over HTTP
    save_features(df)  # want `data loader load_and_store writes to a data store \(df.to_sql\(\) at features/utils/store.py:8, through save_features\).*@data_exporter block \[MAGE102\]`
    return df


@data_loader
def load_file(*args, **kwargs):
    # ok: MAGE102 -- a loader may stage the file it loads
    with open("/tmp/rows.csv", "wb") as fh:
        fh.write(requests.get("https://example.com/rows.csv").content)
    return pd.read_csv("/tmp/rows.csv")
