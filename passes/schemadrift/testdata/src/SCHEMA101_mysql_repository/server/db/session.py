import pymysql  # noqa: F401  the server runs on MySQL
from sqlalchemy import create_engine

engine = create_engine("mysql+pymysql://localhost/app")
