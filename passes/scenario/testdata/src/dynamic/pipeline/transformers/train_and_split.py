import xgboost as xgb

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train_and_split(frame, *args, **kwargs):
    booster = xgb.train({'max_depth': 6}, xgb.DMatrix(frame.drop(columns='y'), label=frame.y))
    return [[booster] * 3]
