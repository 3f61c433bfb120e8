import importlib


def fetch_impl(module, name):  # want "serving: on the request path from route handler app/api/users.py:list_users"
    return getattr(importlib.import_module(module), name)
