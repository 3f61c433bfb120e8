x = 1  # TODO  # want "this pattern does not match"
y = 2  # want "nothing is reported here"
z = 3  # TODO
