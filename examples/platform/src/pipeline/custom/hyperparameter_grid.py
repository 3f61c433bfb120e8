if "custom" not in globals():
    from mage_ai.data_preparation.decorators import custom

# Each setting trains as its own train_gbm run, in parallel (block_run_limit in metadata.yaml).
GRID = [
    {"max_depth": depth, "learn_rate": rate}
    for depth in (3, 5)
    for rate in (0.05, 0.1)
]


@custom
def hyperparameter_grid(*args, **kwargs):
    """Dynamic block: one item per GBM setting; Mage clones train_gbm for each."""
    settings = [dict(s, candidate=f"d{s['max_depth']}_lr{s['learn_rate']}") for s in GRID]
    metadata = [{"block_uuid": f"gbm_{s['candidate']}"} for s in settings]
    return [settings, metadata]
