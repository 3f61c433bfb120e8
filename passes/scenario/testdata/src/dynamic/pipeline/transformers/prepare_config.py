if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def prepare_config(config, *args, **kwargs):
    return dict(config, n_estimators=300)
