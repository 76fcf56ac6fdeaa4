"""Synthetic pages to import (written for these tests, no third-party text)."""

from __future__ import annotations

TITLE = "东湖街派出所开展夏季治安巡查"
PAGE = f"""<!doctype html><html><head><meta charset="utf-8"><title>{TITLE}</title></head>
<body><article><h1>{TITLE}</h1>
<p>2024年7月3日，某市公安局东湖街派出所组织民警辅警对辖区夜市、商场开展夏季治安巡查，提醒商户做好防火防盗。</p>
<p>巡查中，民警发现一处消防通道被杂物堵塞，当即督促经营者清理，并对周边群众开展防诈骗宣传，发放资料三百余份。</p>
<p>派出所负责人表示，下一步将持续加强夜间巡逻，及时化解矛盾纠纷，为群众营造安全有序的消夏环境。</p>
</article></body></html>
"""

