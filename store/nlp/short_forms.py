"""One-character short forms of countries and provinces, as places where news uses them.

News names states by one character in a few fixed frames: a pair or list of them before
a relation word ("中美关系", "日俄首脑", "中、阿建交", "巴以谈判", "中美就…"), a side in
talks ("中方", "美方"), the capital or the country after a verb of travel or stay ("访华",
"驻华", "在京", "抵京"), and any state or province visited ("访美", "赴港"). Outside
those frames the same characters are ordinary words (美好, 中间, 日报), so nothing here
fires on a character alone (PD98 dev, the last two frames: 5 places more, none wrong). The statistical model finds few of
them (47 single-character places on the PD98 dev split, which has 285), and its misses
are exactly these frames.
"""

from __future__ import annotations

import re

from store.db.schema import Entity
from store.nlp.tokens import Tokens, is_cjk, word_tag

# Standard one-character short forms of states (public usage: 中美, 中俄, 巴以, 中葡, 墨美).
STATES = "中美俄日韩朝英法德意印巴越泰澳加欧非亚以叙伊埃墨葡荷希土菲蒙哈乌古波匈捷罗老柬缅阿"
# Province short forms that pair with one another ("京津", "港澳台", "川陕").
PROVINCES = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川黔滇陕甘青台港澳蒙桂藏宁新"
_SHORT = STATES + PROVINCES
# What follows a pair or list of states: the two sides, their relations or meetings.
_RELATION = (
    "两国|双方|三国|四国|两党|两军|两岸|两地|关系|会谈|首脑|峰会|建交|合作|边界|边境|友好|友谊|贸易|经贸|联合|谈判|"
    "对话|交往|之间|间的|外长|元首|领导人|战争|冲突|协定|协议|条约|声明|公报|就"
)
_PAIR = re.compile(f"([{_SHORT}])(、?)([{_SHORT}])(?:(、?)([{_SHORT}]))?(?={_RELATION})")
# A verb of travel or stay before 华 (China) or 京 (Beijing): "访华", "来华投资", "今天在京召开".
_TRAVEL = re.compile("(?<=[访驻来赴对在离抵援反侵旅返进晋])([华京])")
# A state or province after 访 or 赴 ("访美", "出访日韩", "赴港"): a visit names the place.
_VISIT = re.compile(f"(?<=[访赴])([{_SHORT}])")
_SIDE = re.compile(f"([{STATES}])方(?![面向式法案针位便圆形块])")


def short_form_places(toks: Tokens, paragraph: int) -> list[Entity]:
    """Single-character places in the frames above, each its own span."""
    text = toks.text
    out: list[tuple[int, int]] = []
    for m in _PAIR.finditer(text):
        if not _opens_word(toks, m.start()):
            continue
        out += [(m.start(g), m.end(g)) for g in (1, 3, 5) if m.group(g)]
    for m in (*_TRAVEL.finditer(text), *_VISIT.finditer(text)):
        s = m.start(1)
        verb = toks.at(s - 1)
        # the verb and the short form are one word ("访华") or the verb ends its word ("在/京");
        # a visit's 访 is its own word ("访/意", "出访/日"), not the end of 采访 or 走访
        alone = m.re is _TRAVEL or verb is not None and (verb.start == s - 1 or verb.word == "出访")
        if verb is not None and (verb.end == s + 1 or verb.end == s) and alone and not _glued_right(toks, s):
            out.append((s, s + 1))
        elif m.re is _TRAVEL and verb is not None and verb.start == s - 1 and word_tag(verb.word[2:]) is not None:
            out.append((s, s + 1))  # jieba glued the frame to the next word: "驻华|大使", "来华|访问"
    for m in _SIDE.finditer(text):
        tok = toks.at(m.start())
        if tok is not None and tok.start == m.start() and tok.end == m.end():
            out.append((m.start(1), m.end(1)))
    return [Entity("place", text[s:e], paragraph, s, e, text[s:e]) for s, e in sorted(set(out))]


def _opens_word(toks: Tokens, pos: int) -> bool:
    """A pair starts where a word starts (not "集中美" read as 集 + 中美)."""
    return pos == 0 or not is_cjk(toks.text[pos - 1]) or toks.starts_token(pos)


def _glued_right(toks: Tokens, pos: int) -> bool:
    """The short form begins a longer word ("在华南", "来京剧院"): not a place by itself."""
    tok = toks.at(pos)
    return tok is not None and tok.start == pos and tok.end > pos + 1 and tok.tag is not None


def split_runs(entities: list[Entity], shorts: list[Entity]) -> list[Entity]:
    """A place, person or organisation that is exactly a run of short forms in their frame
    ("中印" before 关系, the model's person "韩美" before 间的) becomes one place per
    character: two states, not one (sorted input, sorted output)."""
    singles = {(e.paragraph, e.start): e for e in shorts}
    out: list[Entity] = []
    for e in entities:
        parts = [singles.get((e.paragraph, i)) for i in range(e.start, e.end)]
        if e.type in ("place", "person", "org") and e.end - e.start >= 2 and all(parts):
            out += [p for p in parts if p is not None]
        else:
            out.append(e)
    return out
