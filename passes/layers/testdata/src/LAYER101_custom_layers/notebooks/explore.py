import pandas


def helper(frame):
    return pandas.DataFrame(frame)
