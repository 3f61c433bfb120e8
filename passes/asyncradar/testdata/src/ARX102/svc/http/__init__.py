from .factories import make_async_client, make_client, make_session

__all__ = ["make_async_client", "make_client", "make_session"]
