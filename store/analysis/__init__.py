"""Corpus analysis over the read model: queries, concordances, counts, co-occurrence, reposts, the ledger.

Between ``store.workspace`` (which stores saved searches for it) and ``store.corpus``
(whose index and side files it reads): UI-free, so ``beat search/kwic/counts/cooccur/
reposts/figures`` and the reader's concordance view give the same answers.
"""
