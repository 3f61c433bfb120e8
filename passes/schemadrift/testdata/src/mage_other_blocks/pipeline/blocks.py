from mage_ai.data_preparation.decorators import custom, data_loader, test, transformer


@data_loader
def load(*args, **kwargs):
    # loaders read: that is their job
    import requests
    return requests.get("http://api/items").json()


@custom
def notify(*args, **kwargs):
    return {"sent": True}


@test
def test_output(output, *args) -> None:
    assert output is not None


@transformer
def passthrough(data, *args, **kwargs):
    """Only raises for bad input; returns the frame otherwise."""
    if data is None:
        raise ValueError("no input")
    return data
