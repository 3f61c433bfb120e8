from sqlalchemy import JSON, BigInteger
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class UserField(Base):
    __tablename__ = "user_fields"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    # Read in Python only: self.configuration["required"] looks into the loaded dict.
    configuration: Mapped[dict] = mapped_column(JSON)  # want `column user_fields.configuration is json .*\(a note: no query of the repository navigates inside the column`
    # A hybrid attribute is called with the class as self: its subscript is SQL.
    settings: Mapped[dict] = mapped_column(JSON)  # want `column user_fields.settings is json, yet self.settings\["kind"\].astext \(app/models.py:\d+\) navigates inside it.*\[SCHEMA101\]`

    def get_required(self) -> bool:
        return self.configuration["required"]

    @hybrid_property
    def kind(self):
        return self.settings["kind"].astext
