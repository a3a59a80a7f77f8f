"""Turn a submitted issue form into an offer file, or into the list of what to fix.

GitHub writes a submitted form as Markdown: each field's label as a `### ` heading and
the answer below it (`_No response_` when left empty, choices joined by ", "). The forms
in `.github/ISSUE_TEMPLATE/` say which labels to expect; each field's id says where its
answer goes in the offer file. A new offer starts from the commented template of
`tarjotin new`, without its header and the optional fields the form leaves empty. An
update changes the values of the answered fields only, but writes again each top-level
block it changes (`paikat`, `ajat`, ...): comments inside that block are lost, while every
other line stays as it is. The times go into the first weekly schedule, or a new one when
there is none. Either way the result is validated as any file is, and the form's author
must maintain the organisation.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator import scaffold
from generator.errors import TarjotinError
from generator.fields import DIGITS, slugify
from generator.load import Document, load_text
from generator.models import Offer, Organisation
from generator.owners import check_author
from generator.problems import Problem, format_text
from generator.taxonomy import TAXONOMY, Taxonomy, load_taxonomy
from generator.validate import CATALOGUE_DIR, ORGANISATIONS_DIR, id_problems, validate_offer, yaml_files

FORMS_DIR = Path(".github") / "ISSUE_TEMPLATE"
NEW_FORM = "uusi-tarjonta.yml"
UPDATE_FORM = "paivita-tarjontaa.yml"
NO_RESPONSE = "_No response_"

Where = tuple[str | int, ...]


def _text(answer: str, taxonomy: Taxonomy) -> Any:
    return answer


def _number(answer: str, taxonomy: Taxonomy) -> Any:
    return int(answer) if DIGITS.fullmatch(answer) else answer


def _yes_no(answer: str, taxonomy: Taxonomy) -> Any:
    return {"kyllä": True, "ei": False}.get(answer, answer)


def _price(answer: str, taxonomy: Taxonomy) -> Any:
    return "maksuton" if answer.casefold() == "maksuton" else {"maksu": answer}


def _registration(answer: str, taxonomy: Taxonomy) -> Any:
    return {"tarvitaan": True, "ohje": answer}


@dataclass(frozen=True)
class FormCodes:
    """Read a dropdown's labels as the codes of one code list; a value that is no label stays, for validation."""

    code_list: str
    many: bool

    def __call__(self, answer: str, taxonomy: Taxonomy) -> Any:
        by_label = {term.fi: code for code, term in taxonomy.codes(self.code_list).items()}
        codes = [by_label.get(label, label) for label in answer.split(", ")]
        return codes if self.many else codes[0]


# Where each form field's answer goes in the offer file, and how its text is read.
FIELDS: dict[str, tuple[Where, Callable[[str, Taxonomy], Any]]] = {
    "nimi": (("nimi",), _text),
    "lyhyesti": (("lyhyesti",), _text),
    "kuvaus": (("kuvaus",), _text),
    "selkokieli": (("selkokieli",), _text),
    "teemat": (("teemat",), FormCodes("teemat", many=True)),
    "muoto": (("muoto",), FormCodes("muodot", many=False)),
    "kohderyhmat": (("kohderyhmat",), FormCodes("kohderyhmat", many=True)),
    "ika-min": (("ika", "min"), _number),
    "ika-max": (("ika", "max"), _number),
    "kunnat": (("kunnat",), FormCodes("kunnat", many=True)),
    "kielet": (("kielet",), FormCodes("kielet", many=True)),
    "hinta": (("hinta",), _price),
    "ilmoittautuminen": (("ilmoittautuminen",), _registration),
    "verkossa": (("verkossa",), _yes_no),
    "puhelimitse": (("puhelimitse",), _yes_no),
    "paikka-nimi": (("paikat", 0, "nimi"), _text),
    "paikka-osoite": (("paikat", 0, "osoite"), _text),
    "paikka-postinumero": (("paikat", 0, "postinumero"), _text),
    "paikka-kunta": (("paikat", 0, "kunta"), FormCodes("kunnat", many=False)),
    "paikka-esteettomyys": (("paikat", 0, "esteettomyys"), FormCodes("esteettomyys", many=True)),
    "aika-viikonpaivat": (("ajat", 0, "viikonpaivat"), FormCodes("viikonpaivat", many=True)),
    "aika-alkaa": (("ajat", 0, "alkaa"), _text),
    "aika-loppuu": (("ajat", 0, "loppuu"), _text),
    "puhelin": (("yhteystiedot", "puhelin"), _text),
    "sahkoposti": (("yhteystiedot", "sahkoposti"), _text),
    "verkkosivu": (("yhteystiedot", "verkkosivu"), _text),
    "tila": (("tila",), FormCodes("tilat", many=False)),
}
# The offer's fields' titles by their keys, for a problem about a field the form does not ask.
_TITLES = {str(info.alias): str(info.title) for info in Offer.model_fields.values()}
IDENTITY = ("jarjesto", "tunnus")  # which file: not written into it
NOTE = "lisatietoja"  # free text for the curator, carried into the pull request
MAX_ID = 60  # characters of an id made from an offer's name


def _typed_keys() -> dict[str, Callable[[str], Any]]:
    """Return the keys whose values the models read as booleans or numbers, found in their JSON Schemas."""
    readers: dict[str, Callable[[str], Any]] = {
        "boolean": {"true": True, "false": False}.__getitem__,
        "integer": int,
        "number": float,
    }
    found: dict[str, Callable[[str], Any]] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            for key, schema in node.get("properties", {}).items():
                for option in (schema, schema.get("items", {}), *schema.get("anyOf", [])):
                    if option.get("type") in readers:
                        found[key] = readers[option["type"]]
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for model in (Offer, Organisation):
        visit(model.model_json_schema(by_alias=True))
    return found


# Values a strict file keeps as text that the data model reads as numbers or booleans; an
# update writes the blocks it touches with these unquoted, as they were written (60.40 stays 60.40).
_TYPED = _typed_keys()


@dataclass(frozen=True)
class FormField:
    id: str
    label: str


@dataclass(frozen=True)
class Form:
    name: str
    fields: list[FormField]

    @property
    def is_update(self) -> bool:
        return self.name == UPDATE_FORM

    def label(self, field_id: str) -> str:
        return next(f.label for f in self.fields if f.id == field_id)


def load_forms(root: Path) -> list[Form]:
    """Return the two offer forms with their fields' ids and labels, in the order GitHub writes them."""
    forms = []
    for name in (NEW_FORM, UPDATE_FORM):
        path = FORMS_DIR / name
        try:
            definition = yaml.safe_load((root / path).read_text(encoding="utf-8"))
            fields = [
                FormField(item["id"], item["attributes"]["label"])
                for item in definition["body"]
                if item["type"] != "markdown"
            ]
        except (yaml.YAMLError, UnicodeDecodeError, LookupError, TypeError):
            raise TarjotinError(
                f"lomakkeen {path.as_posix()} määrittely on rikki: jokaisella kentällä pitää olla 'type', "
                "'id' ja 'attributes: label' GitHubin lomakemuodon mukaan"
            ) from None
        forms.append(Form(name, fields))
    return forms


@dataclass(frozen=True)
class FormProblem:
    """Something to fix, at the form field it is about."""

    label: str
    text: str

    def __str__(self) -> str:
        return f"{self.label}: {self.text}"


@dataclass
class Outcome:
    """What became of one submitted form."""

    path: str = ""
    text: str = ""
    problems: list[FormProblem] = field(default_factory=list)
    note: str = ""
    failure: str = ""  # what stopped the form from being read at all, for the curator


def _answers(body: str, form: Form) -> dict[str, str | None] | None:
    """Return each field's answer by its id, or None if the body does not have the form's headings in order."""
    body = body.replace("\r\n", "\n")
    starts: list[tuple[int, int]] = []
    position = 0
    for form_field in form.fields:
        match = re.compile(rf"^### {re.escape(form_field.label)}[ \t]*$", re.MULTILINE).search(body, position)
        if match is None:
            return None
        starts.append((match.start(), match.end()))
        position = match.end()
    answers: dict[str, str | None] = {}
    for index, form_field in enumerate(form.fields):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(body)
        answer = body[starts[index][1] : end].strip()
        answers[form_field.id] = None if answer in ("", NO_RESPONSE) else answer
    return answers


def _put(data: dict[str, Any], where: Where, value: Any) -> None:
    """Set `value` at `where`, making the blocks on the way; a mapping is merged into the one there."""
    node: Any = data
    for part, following in itertools.pairwise(where):
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            if not isinstance(node[part], dict):
                node[part] = {}
        elif not isinstance(node.get(part), list | dict):
            node[part] = [] if isinstance(following, int) else {}
        node = node[part]
    last = where[-1]
    if isinstance(value, dict) and isinstance(node.get(last), dict):
        node[last].update(value)
    else:
        node[last] = value


def _pruned(value: Any) -> Any:
    """Drop the empty parts of a block the template left unfilled; None if nothing remains."""
    if isinstance(value, dict):
        kept = {key: item for key, item in ((k, _pruned(v)) for k, v in value.items()) if item is not None}
        return kept or None
    if isinstance(value, list):
        items = [item for item in (_pruned(v) for v in value) if item is not None]
        return items or (None if any(isinstance(v, dict) for v in value) else [])
    return value


class _Plain(str):
    """A number or truth value as the file wrote it, written back unquoted and unchanged."""


class _Flow(dict[str, Any]):
    """A mapping the file wrote on one line, written back on one line."""


def _styled(value: Any, document: Document, where: tuple[str | int, ...] = ()) -> Any:
    """Return the loaded text of a block with its numbers, truth values and one-line mappings marked as written."""
    if isinstance(value, dict):
        styled = {key: _styled(item, document, (*where, key)) for key, item in value.items()}
        own = document.keys.get(where)
        on_one_line = own is not None and all(document.keys.get((*where, key), own)[0] == own[0] for key in value)
        return _Flow(styled) if where and value and on_one_line else styled
    if isinstance(value, list):
        return [_styled(item, document, (*where, index)) for index, item in enumerate(value)]
    key = next((part for part in reversed(where) if isinstance(part, str)), "")
    if isinstance(value, str) and key in _TYPED:
        try:
            _TYPED[key](value)
        except (KeyError, ValueError):
            return value
        return _Plain(value)
    return value


class _Dumper(yaml.SafeDumper):
    """The house style: lists indented under their key, dates unquoted, other quotes double."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        return '"' if style == "'" else style


# The strict loader keeps dates as text, so they need no quotes; times and postal codes keep theirs.
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if "\n" in text:  # a literal block, ending in a line break as a person writes it (`|`, not `|-`)
        return dumper.represent_scalar("tag:yaml.org,2002:str", text.rstrip("\n") + "\n", style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", text)


def _represent_plain(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Tagged as the text reads (a number, a truth value), so that it needs no quotes.
    tag: str = dumper.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return dumper.represent_scalar(tag, text)


def _represent_list(dumper: yaml.SafeDumper, items: list[Any]) -> yaml.SequenceNode:
    # Codes and dates on one line, [a, b]; places and schedules one under another.
    flow = not any(isinstance(item, dict | list) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(_Plain, _represent_plain)
_Dumper.add_representer(
    _Flow, lambda dumper, mapping: dumper.represent_mapping("tag:yaml.org,2002:map", mapping, flow_style=True)
)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(date, lambda dumper, day: dumper.represent_scalar("tag:yaml.org,2002:str", day.isoformat()))


def _dump(key: str, value: Any) -> list[str]:
    text = yaml.dump({key: value}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return text.splitlines(keepends=True)


def _rewrite(document: Document, text: str, changes: dict[str, Any]) -> str:
    """Replace, add or (for None) remove top-level keys, keeping every other line and comment as it is."""
    lines = text.splitlines(keepends=True)
    starts = sorted((document.keys[(key,)][0] - 1, key) for key in document.data)

    def comments_above(line: int) -> int:
        while line > 0 and lines[line - 1].startswith("#"):
            line -= 1
        return line

    # key -> (its first comment line, its line, the end of its value with the blank lines after it)
    blocks: dict[str, tuple[int, int, int]] = {}
    for index, (line, key) in enumerate(starts):
        limit = comments_above(starts[index + 1][0]) if index + 1 < len(starts) else len(lines)
        end = line + 1
        while end < limit and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
            end += 1
        blocks[key] = (comments_above(line), line, end)
    edits: list[tuple[int, int, list[str]]] = []
    added: list[str] = []
    for key, value in changes.items():
        if key in blocks:
            first, line, end = blocks[key]
            if value is None:
                limit = min((b[0] for b in blocks.values() if b[0] > line), default=len(lines))
                edits.append((first, limit, []))
            else:
                gap = ["\n"] if not lines[end - 1].strip() else []
                edits.append((line, end, _dump(key, value) + gap))
        elif value is not None:
            added += [*_dump(key, value), "\n"]
    before = blocks["tarkistettu"][0] if "tarkistettu" in blocks else len(lines)
    edits.append((before, before, added))  # new keys in the order given, before the date of checking
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        lines[start:end] = new
    return "".join(lines)


def _weekly(schedules: Any) -> int:
    """Return the index of the first weekly schedule, or one past the last: single dates are never overwritten."""
    entries = schedules if isinstance(schedules, list) else []
    return next(
        (index for index, entry in enumerate(entries) if isinstance(entry, dict) and "viikonpaivat" in entry),
        len(entries),
    )


def _placed(where: Where, weekly: int) -> Where:
    """Return where a form field's answer goes in the file: the times go into the weekly schedule at `weekly`."""
    return ("ajat", weekly, *where[2:]) if where[0] == "ajat" else where


def _changes(answers: dict[str, str | None], document: Document, taxonomy: Taxonomy) -> dict[str, Any]:
    """Return the new value of every top-level key the answers touch."""
    merged = _styled(document.data, document)
    weekly = _weekly(merged.get("ajat"))
    touched: dict[str, None] = {}  # top-level keys in the order of the form
    for field_id, answer in answers.items():
        if field_id in FIELDS and answer is not None:
            where, read = FIELDS[field_id]
            where = _placed(where, weekly)
            _put(merged, where, read(answer, taxonomy))
            touched[str(where[0])] = None
    return {key: merged[key] for key in touched}


def _without_header(text: str) -> str:
    """Drop the template's opening instructions (fill in, delete what you do not need), keeping the schema line."""
    lines = text.splitlines(keepends=True)
    start = 1 if lines and lines[0].startswith("# yaml-language-server:") else 0
    end = start
    while end < len(lines) and lines[end].startswith("#"):
        end += 1
    return "".join(lines[:start] + lines[end:])


def _fenced(text: str) -> str:
    """Return text in a code block no backtick inside it can close: no Markdown, mention or HTML acts."""
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall(r"`+", text))])
    return f"{fence}text\n{text}\n{fence}"


def _existing(folder: Path, stem: str) -> Path | None:
    """Return the YAML file named `stem` in `folder`, with either suffix validation allows."""
    return next((path for path in yaml_files(folder) if path.stem == stem), None)


def from_issue(root: Path, body: str, author: str, taxonomy: Taxonomy, today: date) -> Outcome:
    """Read a submitted form and return the offer file it makes, or the problems that stop it."""
    forms = load_forms(root)
    found = [(form, answers) for form in forms if (answers := _answers(body, form)) is not None]
    if not found:
        labels = ", ".join(f"'{form.name}'" for form in forms)
        return Outcome(problems=[FormProblem("lomake", f"tiketti ei ole tarjonnan lomake ({labels})")])
    form, answers = found[0]
    outcome = Outcome(note=answers.get(NOTE) or "")
    organisation, offer_id = answers["jarjesto"] or "", answers["tunnus"] or ""
    if not offer_id and not form.is_update:
        offer_id = slugify(answers.get("nimi") or "")[:MAX_ID].strip("-")
    for field_id, value in zip(IDENTITY, (organisation, offer_id), strict=True):
        # A form problem is shown at its field's label, as a file's at its path.
        outcome.problems += [
            FormProblem(problem.path, problem.text) for problem in id_problems(form.label(field_id), value)
        ]
    if outcome.problems:
        return outcome
    if _existing(root / ORGANISATIONS_DIR, organisation) is None:
        outcome.problems.append(FormProblem(form.label("jarjesto"), f"järjestöä '{organisation}' ei ole"))
        return outcome
    existing = _existing(root / CATALOGUE_DIR / organisation, offer_id)
    name = existing.name if existing is not None else f"{offer_id}.yml"
    outcome.path = f"{CATALOGUE_DIR}/{organisation}/{name}"
    outcome.problems += [
        FormProblem(form.label("jarjesto"), problem.text)
        for problem in check_author(root, author, outcome.path)
        if problem.is_error
    ]
    if form.is_update and existing is None:
        outcome.problems.append(FormProblem(form.label("tunnus"), f"tarjontaa {outcome.path} ei ole"))
    elif not form.is_update and existing is not None:
        outcome.problems.append(
            FormProblem(form.label("tunnus"), f"tunnus '{offer_id}' on jo käytössä — valitse toinen tunnus")
        )
    if outcome.problems:
        return outcome

    original = existing.read_text(encoding="utf-8") if existing is not None else scaffold.offer_template(root, today)
    document = load_text(outcome.path, original)
    if isinstance(document, Problem):
        raise TarjotinError(f"tiedostoa {outcome.path} ei voi lukea", [document])
    changes = _changes(answers, document, taxonomy)
    if not form.is_update:
        # The template's empty fields, empty lists and blocks the form leaves unanswered go; its defaults stay.
        unanswered = {key: None for key, value in document.data.items() if value in (None, []) or _is_block(value)}
        changes = unanswered | {key: _pruned(value) for key, value in changes.items()}
    changes["tarkistettu"] = today
    outcome.text = _rewrite(document, original, changes)
    if not form.is_update:
        outcome.text = _without_header(outcome.text)
    outcome.problems = _validated(outcome.path, outcome.text, taxonomy, today, form)
    return outcome


def run(root: Path, body: str, author: str, today: date) -> Outcome:
    """Read a form as `from_issue` does; a fault of the catalogue itself becomes the outcome's failure."""
    try:
        return from_issue(root, body, author, load_taxonomy(root / TAXONOMY), today)
    except TarjotinError as error:
        details = [error.message, *map(format_text, error.problems)]
        return Outcome(failure="\n".join(details))


def write(outcome: Outcome, issue: int, output: Path, message: Path) -> None:
    """Write the offer file under `output` and the pull-request body to `message`, or the issue comment."""
    if outcome.failure or outcome.problems:
        message.write_text(comment(outcome), encoding="utf-8")
        return
    target = output / outcome.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(outcome.text, encoding="utf-8")
    message.write_text(pull_request_body(outcome, issue), encoding="utf-8")


def _is_block(value: Any) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(item, dict) for item in value))


def _label(problem: Problem, form: Form, weekly: int) -> str:
    """Return the label of the form field a problem in the written file is about.

    That is the field whose answer the problem is about or lies in, or else the first field of the block it is
    about (a missing place: the place's name). A problem outside the form's fields is named by the file's field.
    """
    where = problem.where
    placed = [
        (form_field.label, _placed(FIELDS[form_field.id][0], weekly))
        for form_field in form.fields
        if form_field.id in FIELDS
    ]
    holding = [(len(at), label) for label, at in placed if where[: len(at)] == at]
    inside = [label for label, at in placed if where and at[: len(where)] == where]
    if holding or inside:
        return max(holding)[1] if holding else inside[0]
    return _TITLES.get(str(where[0]), str(where[0])) if where else str(Offer.model_config.get("title"))


def _validated(path: str, text: str, taxonomy: Taxonomy, today: date, form: Form) -> list[FormProblem]:
    """Validate the file as `tarjotin validate` would and place each error at its form field."""
    with tempfile.TemporaryDirectory() as folder:
        candidate = Path(folder) / path
        candidate.parent.mkdir(parents=True)
        candidate.write_text(text, encoding="utf-8")
        _, problems = validate_offer(candidate, Path(folder), taxonomy, today)
    written = load_text(path, text)
    weekly = _weekly(written.data.get("ajat")) if isinstance(written, Document) else 0
    return [FormProblem(_label(problem, form, weekly), problem.text) for problem in problems if problem.is_error]


def comment(outcome: Outcome) -> str:
    """Return the issue comment that lists what to fix, or says that the curators have something to fix."""
    if outcome.failure:
        return (
            "Lomaketta ei voitu käsitellä, koska tarjottimen omissa tiedoissa on vika, jota et voi korjata itse. "
            "Kuraattori: korjaa alla oleva vika, ja muokkaa sitten tikettiä (tai pyydä täyttäjää muokkaamaan), "
            "niin lomake käsitellään uudelleen.\n\n" + _fenced(outcome.failure) + "\n"
        )
    listed = "\n".join(map(str, outcome.problems))
    return (
        "Lomakkeen tiedoista ei voitu tehdä tarjontatiedostoa. Korjaa nämä kohdat muokkaamalla tikettiä "
        "(kolme pistettä … ja Edit), niin tiedot tarkistetaan uudelleen:\n\n" + _fenced(listed) + "\n"
    )


def pull_request_body(outcome: Outcome, issue: int) -> str:
    """Return the body of the pull request that adds the form's file."""
    parts = [
        f"Tämä muutos on tehty lomakkeesta #{issue}: `{outcome.path}`.",
        "Kuraattorille: tarkista tiedot ja merkitse pull request valmiiksi (Ready for review), "
        "jolloin automaattinen tarkistus käynnistyy.",
    ]
    if outcome.note:
        parts.append("Lomakkeen täyttäjä kertoi lisäksi:\n\n" + _fenced(outcome.note))
    parts.append(f"Closes #{issue}")
    return "\n\n".join(parts) + "\n"
