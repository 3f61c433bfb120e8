import os

import h2o
import pandas as pd
from h2o.estimators import H2OGeneralizedLinearEstimator

from src.common.features import FEATURE_COLUMNS, RESPONSE_COLUMN

if "transformer" not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train_glm_baseline(frame: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """A regularized GLM the GBM must beat. Returns a one-row leaderboard."""
    h2o.connect(url=os.environ.get("H2O_URL", "http://h2o:54321"), verbose=False)
    data = h2o.H2OFrame(frame, column_types={"plan_tier": "enum", RESPONSE_COLUMN: "enum"})
    train, valid = data.split_frame(ratios=[0.8], seed=42)
    # Trains inline, not as a dynamic child: acr reports it in pipelines/train_churn/metadata.yaml.
    glm = H2OGeneralizedLinearEstimator(family="binomial", lambda_search=True, seed=42)
    glm.train(x=FEATURE_COLUMNS, y=RESPONSE_COLUMN, training_frame=train, validation_frame=valid)
    return pd.DataFrame([{"model_id": glm.model_id, "auc": glm.auc(valid=True)}])
