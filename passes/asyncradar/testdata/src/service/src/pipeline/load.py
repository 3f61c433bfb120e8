import psycopg2


def load():
    return psycopg2.connect("dbname=features")
