from src.service import routes
from .features import encode


def main(frame):
    return encode(frame), routes
