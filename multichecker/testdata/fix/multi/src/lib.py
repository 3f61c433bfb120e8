value = old_name(4)  # TODO
