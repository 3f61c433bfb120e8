import httpx
import requests


def make_session():
    session = requests.Session()
    session.headers["User-Agent"] = "svc"
    return session


def make_client() -> httpx.Client:
    return httpx.Client(timeout=5)


def make_async_client():
    return httpx.AsyncClient(timeout=5)


def headers():
    return {"User-Agent": "svc"}


client = httpx.Client(base_url="https://models.example.com")
