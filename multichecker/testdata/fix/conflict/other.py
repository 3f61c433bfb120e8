# other module TODO
