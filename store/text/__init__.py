"""Text rules below every other layer: sanitising hostile text and converting script.

Nothing here imports another part of ``store``: the database, ingest and the reader all
depend on these two rules, so they sit at the bottom of the layer contract in pyproject.toml.
"""
