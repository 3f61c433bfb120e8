import h2o
from h2o.estimators import H2OGradientBoostingEstimator

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train_segment(segment, *args, **kwargs):
    gbm = H2OGradientBoostingEstimator(ntrees=200)
    gbm.train(y='churned', training_frame=h2o.H2OFrame(segment))
    path = gbm.download_mojo(path=kwargs.get('model_dir', '/models/'), get_genmodel_jar=True)
    return {'model_id': gbm.model_id, 'mojo': path}
