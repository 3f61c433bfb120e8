import os

import h2o
import pandas as pd
from h2o.estimators import H2OGradientBoostingEstimator

from src.common.features import FEATURE_COLUMNS, RESPONSE_COLUMN

if "transformer" not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train_gbm(setting: dict, frame: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """Train one churn GBM for one grid setting.

    A dynamic child of hyperparameter_grid: Mage runs one copy per setting. Returns a
    one-row leaderboard; export_mojo turns the model into a MOJO.
    """
    h2o.connect(url=os.environ.get("H2O_URL", "http://h2o:54321"), verbose=False)
    data = h2o.H2OFrame(frame, column_types={"plan_tier": "enum", RESPONSE_COLUMN: "enum"})
    train, valid = data.split_frame(ratios=[0.8], seed=42)
    gbm = H2OGradientBoostingEstimator(
        ntrees=200,
        max_depth=setting["max_depth"],
        learn_rate=setting["learn_rate"],
        stopping_rounds=5,
        stopping_metric="AUC",
        seed=42,
    )
    gbm.train(x=FEATURE_COLUMNS, y=RESPONSE_COLUMN, training_frame=train, validation_frame=valid)
    return pd.DataFrame([{"candidate": setting["candidate"], "model_id": gbm.model_id, "auc": gbm.auc(valid=True)}])
