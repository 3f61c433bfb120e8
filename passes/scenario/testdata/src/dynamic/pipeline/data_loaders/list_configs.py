if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def list_configs(*args, **kwargs):
    configs = [dict(max_depth=d) for d in (4, 8, 16)]
    return [configs]
