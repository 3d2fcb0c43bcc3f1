"""Readouts of our own, each as the .txt a contributor would save and as the page or PDF a server would send.

The texts are short original readouts in MOFA's style (title, date, lead,
numbered paragraphs); the pages follow MOFA's layouts over the years: a
2000s table layout in Shift_JIS, a 2010s XHTML page in EUC-JP, a current
HTML5 page in UTF-8, and a PDF with a Japanese CID font.  Each page's
readout text, as a browser or a PDF viewer shows it, is the .txt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

# --- 2000s: one layout table, navigation in the left cell, Shift_JIS declared only in <meta> ---
TXT_2005 = """日英首脳会談（概要）
平成17年7月6日
7月6日午後3時から約40分間，山田総理大臣は，来日中のスミス英国首相と会談を行ったところ，概要は以下のとおり。
１．冒頭，山田総理から，英国との協力関係を一層発展させていきたい旨述べた。
２．スミス首相から，気候変動問題で日本と手を携えて取り組みたい旨述べた。
３．両首脳は，国連改革について引き続き緊密に連携していくことで一致した。
"""

PAGE_2005 = """<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<title>日英首脳会談（概要）</title>
<script language="JavaScript">function MM_swapImage() { return "会談"; }</script>
</head>
<body bgcolor="#FFFFFF">
<table width="760" border="0" cellpadding="0" cellspacing="0">
<tr><td colspan="2"><img src="/mofaj/images/head.gif" alt="外務省"></td></tr>
<tr>
<td width="160" valign="top" bgcolor="#EEEEEE">
<a href="/mofaj/index.html">トップページ</a><br>
<a href="/mofaj/area/index.html">各国・地域情勢</a><br>
<a href="/mofaj/kaidan/index.html">会談・訪問</a><br>
</td>
<td width="600" valign="top">
<div align="center"><b><font size="+1">日英首脳会談（概要）</font></b></div>
<div align="right">平成17年7月6日</div>
<br>
7月6日午後3時から約40分間，山田総理大臣は，来日中のスミス英国首相と会談を行ったところ，
概要は以下のとおり。<br>
<br>
１．冒頭，山田総理から，英国との協力関係を一層発展させていきたい旨述べた。<br>
<br>
２．スミス首相から，気候変動問題で日本と手を携えて取り組みたい旨述べた。<br>
<br>
３．両首脳は，国連改革について引き続き緊密に連携していくことで一致した。<br>
</td>
</tr>
<tr><td colspan="2" align="center"><font size="-1">Copyright (C) Ministry of Foreign Affairs of Japan</font></td></tr>
</table>
</body>
</html>
"""

# --- 2010s: XHTML with an XML declaration, EUC-JP; header, topic path, side menu and footer in divs ---
TXT_2013 = """日独外相会談
平成25年10月8日
10月8日午前10時から約30分間，来日中のミュラー・ドイツ連邦共和国外務大臣は，田中外務大臣と会談を行ったところ，概要は以下のとおり。
1　冒頭，田中大臣から，ミュラー大臣の訪日を歓迎する旨述べた。これに対し，ミュラー大臣から，温かい歓迎に謝意を表明した。
2　田中大臣から，両国間の経済関係を更に強化していきたい旨述べた。
3　両大臣は，来年の外相戦略対話の開催に向けて調整を進めることで一致した。
"""

PAGE_2013 = """<?xml version="1.0" encoding="EUC-JP"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ja" lang="ja">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP" />
<title>外務省: 日独外相会談</title>
<style type="text/css">h1 { font-size: 120%; }</style>
</head>
<body>
<div id="header"><a href="/mofaj/">外務省</a>
<ul id="gnavi"><li><a href="/mofaj/kaidan/">会談・訪問</a></li><li><a href="/mofaj/press/">報道・広報</a></li></ul>
</div>
<div id="topicpath"><a href="/mofaj/">トップページ</a> &gt; <a href="/mofaj/kaidan/">会談・訪問</a> &gt; 日独外相会談</div>
<div id="contents">
<div id="main">
<h1>日独外相会談</h1>
<p class="rightalign">平成25年10月8日</p>
<p>10月8日午前10時から約30分間，来日中のミュラー・ドイツ連邦共和国外務大臣は，田中外務大臣と会談を行ったところ，概要は以下のとおり。</p>
<p>1　冒頭，田中大臣から，ミュラー大臣の訪日を歓迎する旨述べた。これに対し，ミュラー大臣から，温かい歓迎に謝意を表明した。</p>
<p>2　田中大臣から，両国間の経済関係を更に強化していきたい旨述べた。</p>
<p>3　両大臣は，来年の外相戦略対話の開催に向けて調整を進めることで一致した。</p>
</div>
<div id="side"><ul><li><a href="/mofaj/kaidan/g_gaisho.html">外務大臣会談等</a></li><li><a href="/mofaj/area/">日英外相会談</a></li></ul></div>
</div>
<div id="footer"><p>Copyright &copy; Ministry of Foreign Affairs of Japan</p></div>
</body>
</html>
"""

# --- current: HTML5, UTF-8 in the header and <meta>; site header, breadcrumb, share buttons, aside, footer ---
TXT_2024 = """日豪首脳電話会談
令和6年2月14日
本14日午後5時から約20分間，佐藤内閣総理大臣は，ブラウン・オーストラリア首相と電話会談を行ったところ，概要は以下のとおり。
1　二国間関係
佐藤総理から，両国の特別な戦略的パートナーシップを更に深化させたい旨述べた。
ブラウン首相から，地域の平和と安定のため日本と協力していきたい旨述べた。
2　エネルギー
両首脳は，エネルギー安全保障の分野で協力を進めていくことで一致した。
(写真提供：内閣広報室)
"""

PAGE_2024 = """<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>日豪首脳電話会談｜外務省</title>
<script src="/mofaj/common/js/common.js"></script>
<script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body>
<a class="skip" href="#main">本文へスキップ</a>
<header class="site-header">
  <p class="logo"><a href="/mofaj/">外務省</a></p>
  <nav class="global-nav"><ul><li><a href="/mofaj/kaidan/">会談・訪問</a></li><li><a href="/mofaj/press/">報道・広報</a></li></ul></nav>
  <form class="search"><input type="text" name="q"><button>検索</button></form>
</header>
<nav class="breadcrumb"><ol><li><a href="/mofaj/">ホーム</a></li><li><a href="/mofaj/area/australia/">オーストラリア</a></li><li>日豪首脳電話会談</li></ol></nav>
<main id="main">
  <div class="main-contents">
    <h1 class="title">日豪首脳電話会談</h1>
    <p class="date">令和6年2月14日</p>
    <ul class="share"><li><a href="#">ポスト</a></li><li><a href="#">シェア</a></li></ul>
    <p>本14日午後5時から約20分間，佐藤内閣総理大臣は，ブラウン・オーストラリア首相と電話会談を行ったところ，概要は以下のとおり。</p>
    <h2>1　二国間関係</h2>
    <p>佐藤総理から，両国の特別な戦略的パートナーシップを更に深化させたい旨述べた。</p>
    <p>ブラウン首相から，地域の平和と安定のため日本と協力していきたい旨述べた。</p>
    <h2>2　エネルギー</h2>
    <p>両首脳は，エネルギー安全保障の分野で協力を進めていくことで一致した。</p>
    <figure><img src="photo.jpg" alt="電話会談の様子"><figcaption>(写真提供：内閣広報室)</figcaption></figure>
  </div>
</main>
<aside class="related"><h2>関連リンク</h2><ul><li><a href="/mofaj/area/australia/">オーストラリア連邦</a></li></ul></aside>
<footer class="site-footer"><p><a href="/mofaj/policy/">利用規約</a></p><p>&copy; Ministry of Foreign Affairs of Japan</p></footer>
</body>
</html>
"""

# --- PDF: hard-wrapped lines in a Japanese CID font, a page number at each foot, two pages ---
TXT_PDF = """日仏首脳テレビ会議
令和3年4月22日
4月22日午後6時から約45分間，鈴木内閣総理大臣は，デュボワ・フランス
大統領とテレビ会議を行ったところ，概要は以下のとおり。
1　冒頭，鈴木総理から，感染症の拡大が続く中で首脳同士が意思疎通を行う意
義は大きく，フランスとの協力を一層強化していきたい旨述べた。これに対
し，デュボワ大統領から，日本との対話を重視しており，様々な分野で協力を
深めていきたい旨述べた。
2　鈴木総理から，インド太平洋地域におけるフランスの関与を歓迎し，海洋安
全保障の分野での協力を具体化していきたい旨述べた。
3　両首脳は，気候変動対策に関する国際的な取組を主導するため，引き続き緊
密に連携していくことで一致した。
"""
PDF_PAGE_BREAK = 6  # lines on the first page


@dataclass(frozen=True)
class Readout:
    name: str  # of the layout
    txt: str  # the readout as a contributor saves it
    body: bytes  # as the server sends it
    content_type: str | None  # the server's Content-Type header
    file_name: str  # the canonical name it gets in readouts/ (suffix aside)


def pdf_bytes(text: str, page_break: int | None = None) -> bytes:
    """A PDF of text's lines in reportlab's built-in Japanese CID font (no font file), same bytes every time."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, invariant=1)
    lines = text.splitlines()
    pages = [lines[:page_break], lines[page_break:]] if page_break else [lines]
    for number, page in enumerate(pages, 1):
        pdf.setFont("HeiseiMin-W3", 10.5)
        y = 780
        for line in page:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.drawCentredString(300, 40, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def readouts() -> list[Readout]:
    return [
        Readout("2000s Shift_JIS table", TXT_2005, PAGE_2005.encode("cp932"), "text/html", "2005-07-06_jp-gb_meeting"),
        Readout(
            "2010s EUC-JP XHTML",
            TXT_2013,
            PAGE_2013.encode("euc_jp"),
            "text/html; charset=EUC-JP",
            "2013-10-08_jp-de_meeting",
        ),
        Readout(
            "current UTF-8 HTML5",
            TXT_2024,
            PAGE_2024.encode("utf-8"),
            "text/html; charset=utf-8",
            "2024-02-14_jp-au_telephone",
        ),
        Readout("PDF", TXT_PDF, pdf_bytes(TXT_PDF, PDF_PAGE_BREAK), "application/pdf", "2021-04-22_jp-fr_video"),
    ]
