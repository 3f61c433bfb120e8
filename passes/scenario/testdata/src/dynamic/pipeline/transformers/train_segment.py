import h2o
from h2o.estimators import H2OGradientBoostingEstimator

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train_segment(segment, *args, **kwargs):
    frame = h2o.H2OFrame(segment)
    gbm = H2OGradientBoostingEstimator(ntrees=200)
    gbm.train(y='churned', training_frame=frame)
    return gbm.model_id
