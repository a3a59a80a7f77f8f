"""One fixture broken on purpose, with its complete, ordered list of problems."""

from __future__ import annotations

from conftest import DATA, TODAY

from generator.problems import format_text
from generator.taxonomy import Taxonomy
from generator.validate import validate_catalogue

PATH = "catalogue/esimerkki-ry/offer-broken-on-purpose.yml"

EXPECTED = [
    f"{PATH}:6:24: 'teemat': tuntematon koodi 'perheet' — tarkoititko 'lapsiperheet'? [unknown-code]",
    f"{PATH}:7:8: 'muoto': tuntematon koodi 'kerho' — sallitut arvot: vertaistukiryhma, kohtaamispaikka, ryhmatoiminta, harrastustoiminta, neuvonta, tapahtuma, kurssi, vapaaehtoistoiminta, tukihenkilotoiminta, leiri, kriisiapu [unknown-code]",
    f"{PATH}:9:20: 'max' pitää olla kokonaisluku, nyt 'kuusi' — kirjoita pelkkä luku numeroin 0–9, esim. 18 [number]",
    f"{PATH}:11:14: 'kielet': tuntematon koodi 'NO' — sallitut arvot: fi, sv, en, selko, fse, ru, et, ar, so, uk, ku [unknown-code]",
    f"{PATH}:12:8: 'hinta' pitää olla 'maksuton' tai muotoa 'maksu: ...', nyt 'ilmainen' — kirjoita \"hinta: maksuton\" tai \"hinta:\" ja alle \"  maksu: 5 € / kerta\" [price]",
    f"{PATH}:13:11: 'verkossa' pitää olla true tai false, nyt 'NO' — kirjoita true (kyllä) tai false (ei) [bool]",
    f"{PATH}:17:18: 'postinumero' pitää olla viisi numeroa, nyt '4400' — kirjoita esim. \"04300\" [postal-code]",
    f"{PATH}:19:15: sijainti 25.09, 60.47 ei ole Suomessa — tarkista, etteivät leveys (lat, n. 60) ja pituus (lon, n. 25) ole väärin päin [coordinates]",
    f"{PATH}:22:12: 'alkaa' pitää olla muotoa HH:MM, nyt '930' — kirjoita esim. \"09:30\" [time-format]",
    f"{PATH}:26:13: loppumisaika 11:00 ei ole alkamisajan 12:00 jälkeen — tarkista kellonajat; yön yli jatkuvaa aikaa ei voi merkitä [time-order]",
    f"{PATH}:29:3: tuntematon kenttä 'sähköposti' — tarkoititko 'sahkoposti'? [unknown-key]",
    f"{PATH}:30:12: yhteyshenkilön nimen saa julkaista vain hänen suostumuksellaan — kysy lupa ja lisää 'suostumus: true', tai poista henkilö [consent-required]",
    f"{PATH}:31:14: 'tarkistettu' on tulevaisuudessa: 2026-12-31 — kirjoita päivä, jona tiedot tarkistettiin (viimeistään 2026-11-23) [checked-in-future]",
]


def test_every_problem_in_order(taxonomy: Taxonomy) -> None:
    result = validate_catalogue(DATA / "broken", taxonomy, TODAY)
    assert [format_text(p) for p in result.problems] == EXPECTED
    assert result.catalogue.offers == []
    assert list(result.catalogue.organisations) == ["esimerkki-ry"]
