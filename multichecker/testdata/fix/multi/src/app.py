import os

# TODO: use the client from the shared library
def handler():
    return old_name(1)


def other():
    # TODO remove
    return old_name(2) + old_name(3)
