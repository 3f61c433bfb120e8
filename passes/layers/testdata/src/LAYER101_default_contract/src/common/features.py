def normalize(frame):
    return frame
