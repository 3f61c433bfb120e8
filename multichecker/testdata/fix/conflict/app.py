result = old_name(1)  # REWRITE
fine = old_name(5)
