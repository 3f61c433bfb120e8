from .app import app
