from h2o.estimators import H2OGradientBoostingEstimator

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train(frame, *args, **kwargs):
    gbm = H2OGradientBoostingEstimator(ntrees=50)
    gbm.train(y="churn", training_frame=frame)
    return gbm
