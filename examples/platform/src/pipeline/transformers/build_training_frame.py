import pandas as pd

from src.common.features import FEATURE_COLUMNS, PLAN_TIERS, RESPONSE_COLUMN

if "transformer" not in globals():
    from mage_ai.data_preparation.decorators import transformer
if "test" not in globals():
    from mage_ai.data_preparation.decorators import test


@transformer
def build_training_frame(df: pd.DataFrame, *args, **kwargs) -> pd.DataFrame:
    """Flatten the JSONB feature documents into the model's columns. Pure: no I/O."""
    frame = pd.json_normalize(df["features"].tolist()).reindex(columns=FEATURE_COLUMNS)
    frame["plan_tier"] = pd.Categorical(frame["plan_tier"], categories=PLAN_TIERS)
    frame[RESPONSE_COLUMN] = df["churned"].map({True: "yes", False: "no"}).to_numpy()
    return frame


@test
def test_output(output, *args) -> None:
    assert list(output.columns) == [*FEATURE_COLUMNS, RESPONSE_COLUMN]
    assert set(output[RESPONSE_COLUMN].unique()) <= {"yes", "no"}
