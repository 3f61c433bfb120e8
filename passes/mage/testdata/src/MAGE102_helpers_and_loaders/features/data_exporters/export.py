from features.utils.store import save_features

if 'data_exporter' not in globals():
    from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export(df, *args, **kwargs):
    # ok: MAGE102 -- writing is an exporter's job
    save_features(df)
