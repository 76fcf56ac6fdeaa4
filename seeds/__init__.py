"""The five seed articles Beat builds its store from on first launch (package data, read with importlib.resources)."""
