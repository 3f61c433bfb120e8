import tempfile
from pathlib import Path

ROOT = Path("/srv/exports")


def get_temporary_path() -> Path:
    return Path(tempfile.gettempdir()) / "exports"


def export_dir(name):
    return ROOT / name


def export_name(name):
    return f"{name}.csv"


class Exports:
    @classmethod
    def dir_for(cls, name) -> Path:
        return ROOT / name
