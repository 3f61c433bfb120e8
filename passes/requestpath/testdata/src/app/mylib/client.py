async def fetch(url):  # want `unreached: in a library package, whose callers \(flows, scripts, workers\) the graph cannot see`
    return url
