"""Character-level repairs of scraped text: GBK mojibake, pinyin glosses, HTML remnants.

These run before any line or paragraph logic, on the original script, because the
damage they undo happened at byte level when the page was scraped.
"""

from __future__ import annotations

import re
from collections import Counter

from store.text.sanitize import sanitize

LOST = "□"  # shown where a character is truly lost, instead of garbage

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_SYLLABLE = rf"[a-zü]*[{_TONED}][a-zü]*"
# "區(qū)": a pinyin gloss after a character. Requiring a tone mark keeps "(0107190)",
# "(村)" or English in parentheses untouched.
_PINYIN_GLOSS = re.compile(rf"\((?:{_PINYIN_SYLLABLE})(?:\s+{_PINYIN_SYLLABLE})*\)")
# "?yōu)": a character whose lead byte was lost, leaving "?" and the tail of its gloss.
_LOST_WITH_GLOSS = re.compile(rf"\?{_PINYIN_SYLLABLE}\)")
# "</span>" whole, or with its "<" eaten by a broken multi-byte character ("?/span>").
_HTML_REMNANT = re.compile(r"\??</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>\n]*)?/?>|\?/[a-zA-Z][a-zA-Z0-9]*>")
# An entity, after any escapes of its own "&" ("&amp;lt;": a page escaped twice), so the
# whole chain decodes at once and leaves no entity for a second cleaning to decode.
_HTML_ENTITY = re.compile(r"&(?:(?:amp|#0*38|#x0*26);)*((?:nbsp|amp|lt|gt|quot|#\d{2,6}|#x[0-9a-fA-F]{2,5});)")
# An image file name: any name on a line of its own ("微信图片_0101.jpg"), only a Latin
# one inside text, since Chinese just before "photo1.png" is the sentence, not the name.
# Full-width letters count as Latin: the cleaner folds them later.
_LATIN = "A-Za-z0-9_Ａ-Ｚａ-ｚ０-９"
_IMAGE_NAME = re.compile(
    r"^[ \t]*[\w\-]+\.(?:png|jpe?g|gif|webp|bmp)[ \t]*$"
    rf"|(?<![{_LATIN}/\-])[{_LATIN}\-]{{4,}}\.(?:png|jpe?g|gif|webp|bmp)(?![{_LATIN}])",
    re.IGNORECASE | re.MULTILINE,
)
# After a lost character, the decoder runs one byte out of step until an ASCII byte
# (a GBK trail byte in 0x40..0x7E) puts it back in step: that ASCII char ends the run.
_OUT_OF_STEP = re.compile(r"[^\x00-\x7f\s]{0,40}?[\x40-\x7e]")


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    good = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or ch in "“”‘’，。、：；！？《》（）")
    return good / len(text)


def _realign(run: str) -> str | None:
    """Decode ``run`` one byte later; None unless that yields clean Chinese text.

    The decoded characters are new text the sanitiser never saw (an ideographic
    space, say), so they pass through it here.
    """
    try:
        raw = run.encode("gb18030")
    except UnicodeEncodeError:
        return None
    try:
        fixed = raw[1:].decode("gb18030")
    except UnicodeDecodeError:
        return None
    if fixed and _cjk_share(fixed) < 0.8:
        return None
    return sanitize(fixed)


def repair_mojibake(text: str, removed: Counter[str]) -> str:
    """Undo GBK text that was decoded one byte off after a lost character.

    The lost character becomes :data:`LOST`; the run after it is re-encoded as GB18030
    and decoded from its second byte, which restores the original wording
    ("椤爸鲃庸仓巍保瑥亩A" -> "“主動共治”，從而贏"). A run is replaced only when
    the realigned text is clean Chinese, so intact text is never rewritten.
    """
    out: list[str] = []
    pos = 0
    for match in _LOST_WITH_GLOSS.finditer(text):
        out.append(text[pos : match.start()])
        out.append(LOST)
        removed["mojibake"] += 1
        pos = match.end()
        if text.startswith("?", pos) or text.startswith("</", pos):
            continue  # an HTML remnant follows; it is removed later
        run = _OUT_OF_STEP.match(text, pos)
        if run:
            fixed = _realign(run.group())
            if fixed is not None:
                out.append(fixed)
                pos = run.end()
    out.append(text[pos:])
    return "".join(out)


def strip_remnants(text: str, removed: Counter[str]) -> str:
    """Remove pinyin glosses, HTML tags and entities, and image file names.

    Entities go first: what they decode to ("&lt;p&gt;") may be any other remnant.
    """
    text, n = _HTML_ENTITY.subn(_decode_entity, text)
    removed["html"] += n
    text, n = _PINYIN_GLOSS.subn("", text)
    removed["pinyin"] += n
    text, n = _HTML_REMNANT.subn("", text)
    removed["html"] += n
    text, n = _IMAGE_NAME.subn("", text)
    removed["image"] += n
    return text


def _decode_entity(match: re.Match[str]) -> str:
    """The character an entity stands for, sanitised: "&#8238;" is a bidi override."""
    import html

    return sanitize(html.unescape("&" + match.group(1)))
