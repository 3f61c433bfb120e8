from mage_ai.data_preparation.decorators import data_exporter


@data_exporter
def export(df, *args, **kwargs):
    # exporters are where I/O belongs
    df.to_parquet("/data/features.parquet")
    return None
