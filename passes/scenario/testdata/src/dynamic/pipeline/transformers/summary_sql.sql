SELECT count(*) FROM {{ df_1 }}
