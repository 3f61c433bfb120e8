import threading


class ModelHolder:
    """Serves one model; swap publishes a new one with a single assignment."""

    def __init__(self, model):
        self._model = model
        self._lock = threading.Lock()

    @property
    def current(self):
        return self._model

    def swap(self, model):
        with self._lock:
            previous, self._model = self._model, model
        return previous
