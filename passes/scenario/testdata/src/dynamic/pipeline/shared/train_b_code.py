import h2o
from h2o.estimators import H2ORandomForestEstimator

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train_b(partition, *args, **kwargs):
    drf = H2ORandomForestEstimator(ntrees=50)
    drf.train(y='y', training_frame=h2o.H2OFrame(partition))
    return drf
