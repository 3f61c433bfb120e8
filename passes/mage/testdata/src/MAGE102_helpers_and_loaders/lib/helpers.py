def persist(df, engine):
    df.to_sql("features", engine)
