import boto3
import jwt
import pymongo
import smtplib
from elasticsearch import Elasticsearch
from google.cloud import storage
from kubernetes import client as k8s

s3 = boto3.client("s3")
es = Elasticsearch("http://es:9200")
jwks = jwt.PyJWKClient("https://issuer/.well-known/jwks.json")


class Store:
    def __init__(self):
        self.bucket = storage.Client().bucket("models")

    async def load(self, name):
        blob = self.bucket.blob(name)
        return blob.download_as_bytes()  # want `blob\.download_as_bytes \(google\.cloud\.storage\.Client\.bucket\.blob\.download_as_bytes\) in async def Store\.load blocks the event loop on a network round trip of a synchronous client; use the library's async client, or offload the call with await asyncio\.to_thread\(\.\.\.\) \(in a library package, whose callers \(flows, scripts, workers\) the graph cannot see\) \[ARX118\]`


async def handler(key, token, msg):
    s3.get_object(Bucket="b", Key=key)  # want `s3\.get_object \(boto3\.client\.get_object\) .*\[ARX118\]`
    s3.generate_presigned_url("get_object", Params={})  # ok: ARX118 -- signs locally, sends nothing
    s3.get_paginator("list_objects_v2")
    es.search(index="i", query={})  # want `es\.search .*\[ARX118\]`
    es.indices.refresh(index="i")  # want `es\.indices\.refresh .*\[ARX118\]`
    jwks.get_signing_key_from_jwt(token)  # want `jwks\.get_signing_key_from_jwt .*\[ARX118\]`
    v1 = k8s.CoreV1Api()
    v1.list_namespaced_pod("default")  # want `v1\.list_namespaced_pod .*\[ARX118\]`
    with smtplib.SMTP("mail") as smtp:
        smtp.send_message(msg)  # want `smtp\.send_message .*\[ARX118\]`
    bucket = boto3.resource("s3").Bucket("b")
    bucket.upload_file("f", "k")  # want `bucket\.upload_file .*\[ARX118\]`


async def mongo(client: pymongo.MongoClient):
    client.app.users.find_one({"_id": 1})  # want `client\.app\.users\.find_one .*\[ARX107\]`
    client["app"]["users"].insert_one({})  # want `insert_one .*\[ARX107\]`


async def already_async(session):
    async with session.client("s3") as s3c:
        await s3c.get_object(Bucket="b", Key="k")  # ok: ARX118 -- an async client, awaited


def sync_code():
    s3.get_object(Bucket="b", Key="k")
