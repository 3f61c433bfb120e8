if 'data_loader' not in globals():
    from mage_ai.data_preparation.decorators import data_loader


@data_loader
def partitions(*args, **kwargs):
    return [[{'month': m} for m in range(1, 13)]]
