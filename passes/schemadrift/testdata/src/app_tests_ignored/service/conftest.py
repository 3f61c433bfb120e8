def pytest_configure(config):
    config.cursor.execute("UPDATE events SET data = '{}' WHERE data->>'x' = 'y'")
