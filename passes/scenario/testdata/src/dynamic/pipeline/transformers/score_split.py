if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def score_split(booster, *args, **kwargs):
    return booster.predict(kwargs['frame'])
