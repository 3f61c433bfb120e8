from lightgbm import LGBMClassifier

if 'transformer' not in globals():
    from mage_ai.data_preparation.decorators import transformer


@transformer
def train_a(partition, *args, **kwargs):
    model = LGBMClassifier(num_leaves=63)
    model.fit(partition['x'], partition['y'])
    return model
