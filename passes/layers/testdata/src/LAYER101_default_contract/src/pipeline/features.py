from src.common.features import normalize


def encode(frame):
    return normalize(frame)
