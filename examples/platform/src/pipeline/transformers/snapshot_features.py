import pandas as pd

if "transformer" not in globals():
    from mage_ai.data_preparation.decorators import transformer

AUDIT_DIR = "/home/src/mage_data/audit"


@transformer
def snapshot_features(df: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """Keep a copy of every training set for the model-risk audit."""
    run_date = kwargs["execution_date"].strftime("%Y%m%d")
    # acr finds: side-effect I/O (to_csv) in a transformer block; write files from a data exporter
    df.to_csv(f"{AUDIT_DIR}/train_churn_{run_date}.csv", index=False)
    return df
