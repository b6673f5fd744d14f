import os

os.environ.setdefault("PARLEY_FAST_PASSWORD_HASHER", "1")
