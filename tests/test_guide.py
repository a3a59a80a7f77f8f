"""The contributor guide cannot drift: every field, every problem code and every link is checked against the code."""

from __future__ import annotations

import ast
import html
import inspect
import posixpath
import re
import typing
from typing import Any

import markdown
import pytest
from conftest import REPO
from pydantic import BaseModel

from generator import guide
from generator.fields import problem
from generator.load import _RefusedError
from generator.markup import environment
from generator.messages import _BUILT_IN
from generator.models import Offer, Organisation
from generator.problems import Problem
from generator.taxonomy import WHOLE_REGION, Taxonomy

PAGES = REPO / "site_config" / "pages"
TEMPLATES = REPO / "site_config" / "templates"
ERRORS_PAGE = "ohjeet/virheet.md"
GUIDE_PAGES = ["ohjeet/index.md", ERRORS_PAGE, "saavutettavuus.md", "tietosuoja.md"]
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]  # as in mkdocs.yml
LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def reachable_models() -> list[type[BaseModel]]:
    """Return every model an organisation or offer file can hold, found independently of the guide."""
    found: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model not in found:
            found.append(model)
            for info in model.model_fields.values():
                for inner in _models_in(info.annotation):
                    visit(inner)

    # The two kinds of file, named here and not taken from the guide, so that a kind the guide drops is noticed.
    for root in (Organisation, Offer):
        visit(root)
    return found


def key(name: str, info: Any) -> str:
    return info.alias or name


def render_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


@pytest.fixture(scope="module")
def field_page(taxonomy: Taxonomy) -> str:
    template = environment(TEMPLATES).get_template(guide.TEMPLATE)
    return template.render(tables=guide.field_tables(), code_lists=guide.code_lists(taxonomy))


@pytest.fixture(scope="module")
def pages(field_page: str) -> dict[str, str]:
    """Every hand-written page and the generated field reference, by path in the docs folder."""
    written = {path.relative_to(PAGES).as_posix(): path.read_text(encoding="utf-8") for path in PAGES.rglob("*.md")}
    return written | {guide.PAGE: field_page}


def sections(page_html: str) -> dict[str, str]:
    """Split a rendered page into its second-level sections, by heading text."""
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", page_html)
    return {html.unescape(heading): body for heading, body in zip(parts[1::2], parts[2::2], strict=True)}


# (a) the field reference


def test_the_guide_covers_every_reachable_model() -> None:
    assert [table.model for table in guide.field_tables()] == [model.__name__ for model in reachable_models()]


@pytest.mark.parametrize("model", reachable_models(), ids=lambda model: model.__name__)
def test_every_field_is_in_its_models_section(model: type[BaseModel], field_page: str) -> None:
    title = model.model_config.get("title")
    assert title, f"{model.__name__} needs model_config title: it is the heading of its section"
    section = sections(render_html(field_page)).get(title)
    assert section is not None, f"no section '{title}' in {guide.PAGE}"
    rows = {
        html.unescape(cell_key): html.unescape(cell_title)
        for cell_key, cell_title in re.findall(r"<tr>\s*<td><strong>(.*?)</strong></td>\s*<td>(.*?)</td>", section)
    }
    for name, info in model.model_fields.items():
        assert info.title, f"{model.__name__}.{name} needs a Finnish title"
        assert rows.get(key(name, info)) == info.title, f"'{key(name, info)}' missing from section '{title}'"
    assert len(rows) == len(model.model_fields)


def test_every_field_has_a_description() -> None:
    undescribed = {
        f"{model.__name__}.{key(name, info)}"
        for model in reachable_models()
        for name, info in model.model_fields.items()
        if not info.description
    }
    assert not undescribed, "add a Finnish description to: " + ", ".join(sorted(undescribed))


def test_every_code_list_is_on_the_page(field_page: str, taxonomy: Taxonomy) -> None:
    text = html.unescape(render_html(field_page))
    for code_list in guide.code_lists(taxonomy):
        assert f'id="{code_list.anchor}"' in text
        for code, label in code_list.codes:
            assert f"<td><strong>{code}</strong></td>\n<td>{label}</td>" in text


# (b) the problem codes


CODE = re.compile(r"[a-z]+(?:-[a-z]+)*")
# The calls that create a problem, and the position of their `code` argument.
MAKERS = {
    maker.__name__: list(inspect.signature(maker).parameters).index("code")
    for maker in (problem, Problem, _RefusedError)
}


def _code_argument(call: ast.Call, position: int) -> Any:
    """Return the code a problem-making call passes, if it is written there as text."""
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):  # e.g. *document.mark(...) for line and column: the code is the next text
            return next((a.value for a in call.args[index + 1 :] if isinstance(a, ast.Constant)), None)
        if index == position:
            return arg.value if isinstance(arg, ast.Constant) else None
    keyword = next((k.value for k in call.keywords if k.arg == "code"), None)
    return keyword.value if isinstance(keyword, ast.Constant) else None


def _texts(node: ast.AST) -> list[str]:
    return [c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)]


def emitted_codes() -> set[str]:
    """Return every problem code written in the generator's source or in the built-in error mapping.

    A code is the `code` argument of problem(), Problem() or _RefusedError(), a discriminator's
    custom_error_type, or text assigned to a variable named `code`; codes kept in a variable
    otherwise come from one of these.
    """
    codes = {code for code, _, _ in _BUILT_IN.values()}
    for path in sorted((REPO / "generator").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in MAKERS and isinstance(code := _code_argument(node, MAKERS[name]), str):
                    codes.add(code)
                codes.update(text for kw in node.keywords if kw.arg == "custom_error_type" for text in _texts(kw))
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "code" for t in node.targets):
                codes.update(text for text in _texts(node.value) if CODE.fullmatch(text))
    return codes


def documented_codes() -> set[str]:
    return set(re.findall(r"^#{2,4} `([^`]+)`", (PAGES / ERRORS_PAGE).read_text(encoding="utf-8"), re.MULTILINE))


def test_the_code_finder_finds_codes_of_every_kind() -> None:
    codes = emitted_codes()
    # one from each place a code is written: fields, models, messages, validate, load
    assert {"time-format", "consent-required", "schedule-kind", "missing-key", "invalid", "unknown-key"} <= codes
    assert {"stale", "expired", "bad-id", "yaml-syntax", "yaml-alias", "duplicate-key", "encoding"} <= codes
    assert len(codes) >= 50
    assert all(CODE.fullmatch(code) for code in codes), sorted(codes)


def test_every_problem_code_is_explained() -> None:
    missing = emitted_codes() - documented_codes()
    assert not missing, f"explain these codes in site_config/pages/{ERRORS_PAGE}: {', '.join(sorted(missing))}"


def test_every_explained_code_exists() -> None:
    stale = documented_codes() - emitted_codes()
    assert not stale, f"no longer emitted, remove from site_config/pages/{ERRORS_PAGE}: {', '.join(sorted(stale))}"


def test_each_code_section_can_be_linked_by_its_code() -> None:
    page_html = render_html((PAGES / ERRORS_PAGE).read_text(encoding="utf-8"))
    for code in documented_codes():
        assert f'<h3 id="{code}"><code>{code}</code></h3>' in page_html


# (c) links


def generated_pages(taxonomy: Taxonomy) -> set[str]:
    """The generated pages a hand-written page may link to: index pages, themes, municipalities, the field reference."""
    pages = {"index.md", "teemat/index.md", "kunnat/index.md", "jarjestot/index.md", guide.PAGE}
    pages |= {f"teemat/{code}.md" for code in taxonomy.themes}
    pages |= {f"kunnat/{code}.md" for code in taxonomy.municipalities if code != WHOLE_REGION}
    return pages


def test_relative_links_point_to_pages_that_exist(pages: dict[str, str], taxonomy: Taxonomy) -> None:
    rendered = {path: render_html(text) for path, text in pages.items()}
    ids = {path: re.findall(r'\sid="([^"]+)"', page_html) for path, page_html in rendered.items()}
    known = set(pages) | generated_pages(taxonomy)
    broken = []
    for path, page_html in rendered.items():
        assert len(ids[path]) == len(set(ids[path])), f"{path}: duplicate heading ids"
        for href in map(html.unescape, re.findall(r'href="([^"]*)"', page_html)):
            if href.startswith(LINK_SCHEMES):
                continue
            target, _, fragment = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) if target else path
            if target not in known:
                broken.append(f"{path}: {href} (no page {target})")
            elif fragment and target in ids and fragment not in ids[target]:
                broken.append(f"{path}: {href} (no heading #{fragment} in {target})")
    assert not broken, "\n".join(broken)


# (d) plain Markdown, one title


def _outside_code(text: str) -> str:
    text = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return re.sub(r"`[^`\n]*`", "", text)


@pytest.mark.parametrize("path", [*GUIDE_PAGES, guide.PAGE])
def test_guide_pages_are_plain_markdown_with_one_title(path: str, pages: dict[str, str]) -> None:
    text = _outside_code(pages[path])
    assert not re.search(r"<[A-Za-z!/?]", text), f"{path} contains raw HTML"
    assert text.startswith("# "), f"{path} must start with its '# ' heading"
    assert len(re.findall(r"^# ", text, re.MULTILINE)) == 1


def test_the_page_list_is_complete() -> None:
    assert set(GUIDE_PAGES) <= {path.relative_to(PAGES).as_posix() for path in PAGES.rglob("*.md")}
