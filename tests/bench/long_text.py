"""Analysis time of one very long paragraph, to show it grows linearly with length.

Run: ``.venv/bin/python -m tests.bench.long_text [--sizes 10000 50000 200000]``. The
paragraph is the seeds' cleaned paragraphs run together and repeated to each size
(scraped pages sometimes arrive as one line); jieba's dictionary load is excluded.
"""

from __future__ import annotations

import argparse
import time

from store.ingest.analysis import analyse_paragraphs
from store.ingest.clean import clean_text
from tests.conftest import SEEDS


def long_paragraph(size: int) -> str:
    """``size`` characters of seed prose in one paragraph."""
    prose = "".join(p.text for path in sorted(SEEDS.glob("*.txt")) for p in clean_text(path.read_text("utf-8"), path.name).paragraphs)
    return (prose * (size // len(prose) + 1))[:size]


def seconds(text: str) -> float:
    start = time.perf_counter()
    analyse_paragraphs([text], "2025-06-01")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 200_000])
    sizes = parser.parse_args().sizes
    analyse_paragraphs(["武汉市公安局青山区分局民警程波。"], None)  # load jieba and the gazetteer
    for size in sizes:
        took = seconds(long_paragraph(size))
        print(f"{size:>9,} chars  {took:7.2f} s  {took / size * 1e6:6.1f} µs/char", flush=True)


if __name__ == "__main__":
    main()
