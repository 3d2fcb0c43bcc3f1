"""HTML pages and PDFs as readouts: character sets, the page's main text, the PDF's text layer, and bad input."""

from __future__ import annotations

import pytest

from etl.cli import main
from etl.errors import InputError
from etl.source.charset import decode_page
from etl.source.formats import read_raw, source_format
from etl.source.html import page_text
from etl.source.pdf import pdf_text

from .readout_pages import PAGE_2005, TXT_2005, pdf_bytes

SJIS_PAGE = PAGE_2005.encode("cp932")


def test_shift_jis_declared_in_meta_is_read_as_windows_31j():
    page = '<meta charset="Shift_JIS"><p>①日米首脳会談　髙橋大臣</p>'.encode("cp932")  # NEC and IBM characters
    decoded = decode_page(page, "text/html", "p.html")
    assert decoded.encoding == "cp932" and "①日米首脳会談　髙橋大臣" in decoded.text and decoded.note is None


def test_euc_jp_with_nec_circled_numbers():
    page = '<meta http-equiv="Content-Type" content="text/html; charset=EUC-JP"><p>①会談</p>'.encode("euc_jis_2004")
    decoded = decode_page(page, None, "p.html")
    assert "①会談" in decoded.text


def test_the_http_header_wins_over_meta():
    page = '<meta charset="Shift_JIS"><p>会談を行った。</p>'.encode()
    assert decode_page(page, "text/html; charset=UTF-8", "p.html").encoding == "utf-8"


def test_a_wrong_header_charset_gives_way_to_meta_and_says_so():
    decoded = decode_page(SJIS_PAGE, "text/html; charset=utf-8", "p.html")
    assert decoded.encoding == "cp932" and "日英首脳会談" in decoded.text
    assert decoded.note.startswith("the HTTP header declares utf-8, but byte ")
    assert decoded.note.endswith("read as shift_jis (<meta>) instead")


def test_a_header_charset_that_gives_no_japanese_is_set_aside():
    page = "<p>両首脳は会談を行った。</p>".encode()
    decoded = decode_page(page, "text/html; charset=iso-8859-1", "p.html")
    assert decoded.encoding == "utf-8" and decoded.note.startswith("the HTTP header declares iso-8859-1, but reading")
    assert "両首脳" in decoded.text


def test_wrong_declarations_everywhere_give_way_to_the_bytes():
    page = SJIS_PAGE.replace(b"charset=Shift_JIS", b"charset=UTF-8")
    decoded = decode_page(page, "text/html; charset=UTF-8", "p.html")
    assert decoded.encoding == "cp932" and "日英首脳会談" in decoded.text
    assert "<meta> declares utf-8, but byte " in decoded.note and decoded.note.endswith(
        "read as cp932 (the bytes fit it alone) instead"
    )


def test_bytes_that_fit_no_declaration_and_no_japanese_encoding_are_one_clear_error():
    page = b'<meta charset="utf-8"><p>\x82\xa0\xff\xfe\x81</p>'
    with pytest.raises(InputError) as info:
        decode_page(page, "text/html; charset=utf-8", "p.html")
    message = str(info.value)
    assert "\n" not in message and message.startswith("p.html: error: cannot decode the page: ")
    assert "the HTTP header declares utf-8, but byte 26 (line 1) is not utf-8" in message
    assert message.endswith("none of utf-8, cp932, euc_jp fits the bytes")


def test_no_declaration_guesses_among_the_japanese_encodings():
    page = "<p>日米の外相は電話で話し、両国の協力を確かめた。</p>"
    for encoding in ("utf-8", "cp932", "euc_jp"):
        assert decode_page(page.encode(encoding), None, "p.html").text == page


def test_page_text_keeps_line_structure():
    html = """<html><head><title>x</title><style>p {}</style></head><body>
    <nav><a href="/">ホーム</a></nav>
    <div id="main"><h1>日米首脳会談</h1>
    <p>両首脳は，
    会談を行った。<b>太字</b>も<br>改行も。</p>
    <table><tr><td>ア</td><td>イ</td></tr><tr><th>ウ</th></tr></table>
    <p>English words
    stay apart.</p><!-- a comment --><script>var 会談 = 1;</script>
    <pre>そのまま
  の行</pre></div>
    <footer>著作権</footer></body></html>"""
    assert page_text(html, "p.html") == (
        "日米首脳会談\n両首脳は，会談を行った。太字も\n改行も。\nア\nイ\nウ\nEnglish words stay apart.\nそのまま\nの行\n"
    )


def test_page_text_finds_the_content_cell_of_a_layout_table():
    text = page_text(PAGE_2005, "p.html")
    assert text == TXT_2005  # no menu, no copyright line: the cell with the sentences


def test_a_page_without_text_is_an_error():
    with pytest.raises(InputError, match="the page holds no text"):
        page_text("<html><body><script>x()</script></body></html>", "p.html")


def test_pdf_text_is_read_page_after_page_without_page_numbers():
    text = pdf_text(pdf_bytes("日米首脳会談\n令和5年1月13日\n本文の行。", page_break=2), "p.pdf")
    assert text == "日米首脳会談\n令和5年1月13日\n本文の行。\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>not a pdf</html>", "not a PDF (it does not start with %PDF-)"),
        (b"%PDF-1.4\n garbage \x00\x01 no objects", "cannot read the PDF: "),
        (pdf_bytes(""), "the PDF has no text layer (a scanned image?)"),
    ],
    ids=["not a PDF", "damaged", "no text"],
)
def test_a_bad_pdf_is_one_clear_error(data, message):
    with pytest.raises(InputError) as info:
        pdf_text(data, "p.pdf")
    assert "\n" not in str(info.value) and str(info.value).startswith(f"p.pdf: error: {message}")


def test_the_suffix_chooses_the_reader_and_the_recorded_format(tmp_path):
    page = tmp_path / "a.html"
    raw = read_raw(page, SJIS_PAGE, {})
    assert raw.text == TXT_2005 and raw.encoding == "cp932"
    assert [source_format(tmp_path / n, w) for n, w in (("a.html", False), ("a.pdf", True), ("a.txt", True))] == [
        "html",
        "pdf",
        "pdf_text",
    ]
    with pytest.raises(InputError, match="an HTML source page, not page text"):
        read_raw(tmp_path / "a.txt", PAGE_2005.encode(), {})  # HTML saved as .txt is still refused


def test_check_reports_a_broken_pdf_in_one_line(tmp_path, capsys):
    (tmp_path / "2021-01-01_jp-us_meeting.pdf").write_bytes(b"%PDF-1.7 truncated")
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "2021-01-01_jp-us_meeting.pdf: error: cannot read the PDF" in err and "Traceback" not in err
