import boto3
import requests
from mage_ai.data_preparation.decorators import transformer
from mage_ai.io.config import ConfigFileLoader
from mage_ai.io.postgres import Postgres
from sqlalchemy import create_engine

engine = create_engine("postgresql://localhost/features")


@transformer
def enrich(df, *args, **kwargs):
    scores = requests.post("http://scoring/api", json=df.to_dict("records"))  # want `transformer enrich performs I/O \(HTTP requests.post\(\)\).*@data_exporter block \[MAGE102\]`
    df["score"] = scores.json()
    df.to_sql("features", engine, if_exists="append")  # want `performs I/O \(df.to_sql\(\)\)`
    df.to_parquet("/tmp/features.parquet")  # want `performs I/O \(df.to_parquet\(\)\)`
    df.to_csv("/tmp/features.csv")  # want `performs I/O \(df.to_csv\(\) to a file\)`
    csv_text = df.to_csv()  # ok: MAGE102 -- to_csv() without a path returns a string
    with open("/tmp/audit.log", "a") as fh:  # want `performs I/O \(open\(..., "a"\)\)`
        fh.write(csv_text)
    with open("/tmp/config.json") as fh:
        fh.read()
    boto3.client("s3").put_object(Bucket="b", Key="k", Body=csv_text)  # want `performs I/O \(boto3.client\("s3"\).put_object\(\)\)`
    with Postgres.with_config(ConfigFileLoader("io_config.yaml", "default")) as loader:
        loader.export(df, "public", "features")  # want `performs I/O \(Mage exporter loader.export\(\)\)`
    return df
