"""Content Markdown and template values: what survives into a page."""

from __future__ import annotations

import pytest

from generator.entries import relative_url
from generator.markup import escape_markdown, finnish_phone, html_text, link_target, plain_lines, render_markdown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[a](https://www.example.fi/x)", '<p><a href="https://www.example.fi/x" rel="noopener noreferrer">a</a></p>'),
        ("[a](tel:+358400000000)", '<p><a href="tel:+358400000000" rel="noopener noreferrer">a</a></p>'),
        ("[a](javascript:alert(1))", '<p><a rel="noopener noreferrer">a</a></p>'),
        ("[a](/relative/path)", '<p><a rel="noopener noreferrer">a</a></p>'),
        ("[a](http://[x)", '<p><a rel="noopener noreferrer">a</a></p>'),
        ("<b>x</b> <script>y</script>", "<p>&lt;b&gt;x&lt;/b&gt; &lt;script&gt;y&lt;/script&gt;</p>"),
        ("# Otsikko\n\n    sisennys", "<p># Otsikko</p>\n<p>sisennys</p>"),
        ("- yksi\n- kaksi", "<ul>\n<li>yksi</li>\n<li>kaksi</li>\n</ul>"),
    ],
)
def test_content_markdown(text: str, expected: str) -> None:
    assert str(render_markdown(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kahvila {: onclick=x }", r"Kahvila \{: onclick=x \}"),
        ("*a* _b_ [c](d) `e` | f", r"\*a\* \_b\_ \[c\](d) \`e\` \| f"),
        ("- lista", r"\- lista"),
        ("1. kerta", r"1\. kerta"),
        ("١. kerta", r"١\. kerta"),  # Python-Markdown starts a list with any script's digits
        ("klo 17.30–19.00", "klo 17.30–19.00"),
        ("Ryhmä C#", r"Ryhmä C\#"),
        ("kaksi\n\nkappaletta", "kaksi kappaletta"),
        ("!!! danger Tervetuloa", r"\!!! danger Tervetuloa"),
    ],
)
def test_template_values_cannot_start_markdown(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected


def test_values_in_raw_html_are_escaped_for_html_only() -> None:
    # Markdown leaves a raw HTML block as it is, so a Markdown escape there would show.
    text = '<b>"x"</b> & *a* {: onclick=y }\n\nb'
    assert html_text(text) == "&lt;b&gt;&#34;x&#34;&lt;/b&gt; &amp; *a* {: onclick=y } b"


@pytest.mark.parametrize(
    ("source", "directory_urls", "expected"),
    [
        ("index.md", True, "tarjonta/org/kerho/"),
        ("kunnat/tuusula.md", True, "../../tarjonta/org/kerho/"),
        ("jarjestot/index.md", True, "../tarjonta/org/kerho/"),
        ("index.md", False, "tarjonta/org/kerho.html"),
        ("kunnat/tuusula.md", False, "../tarjonta/org/kerho.html"),
    ],
)
def test_links_in_raw_html_are_the_final_urls(source: str, directory_urls: bool, expected: str) -> None:
    # mkdocs rewrites Markdown links to .md files, but not links in raw HTML.
    assert relative_url(source, "tarjonta/org/kerho.md", directory_urls) == expected


@pytest.mark.parametrize(
    ("number", "written"),
    [
        ("+358408887263", "040 888 7263"),
        ("+358501234567", "050 123 4567"),
        ("+3584512345678", "045 1234 5678"),
        ("+358912345678", "09 1234 5678"),
        ("+35831234567", "03 123 4567"),
        ("+358191234567", "019 123 4567"),
        ("+358201234567", "020 123 4567"),
        ("+358800123456", "0800 123 456"),
        ("+358100100", "0100 100"),
        ("116111", "116 111"),
        ("116123", "116 123"),
        ("112", "112"),
    ],
)
def test_phone_numbers_are_grouped_as_finns_write_them(number: str, written: str) -> None:
    assert finnish_phone(number) == written


def test_a_link_target_keeps_its_parentheses_from_ending_the_link() -> None:
    html = render_markdown(
        f"[lomake]({link_target('https://www.example.fi/a(b')}) ja [toinen]({link_target('https://www.example.fi/c)')})"
    )
    assert 'href="https://www.example.fi/a%28b"' in html and 'href="https://www.example.fi/c%29"' in html
    assert ")" not in html.replace("%29", "")


def test_content_markdown_as_plain_lines_for_the_printed_tray() -> None:
    text = "Tule **mukaan**.\n\n- Ota kahvia\n- Juttele & <b>nauti</b>\n\nSoita [meille](tel:+358401234567)."
    assert plain_lines(text) == ["Tule mukaan.", "Ota kahvia", "Juttele & <b>nauti</b>", "Soita meille."]
