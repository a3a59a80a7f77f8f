"""Synthetic catalogues for benchmarks and tests: realistic, varied, valid and the same for the same seed."""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

from generator.fields import YTUNNUS_WEIGHTS, slugify
from generator.taxonomy import TAXONOMY, WHOLE_REGION, Taxonomy, load_taxonomy
from generator.validate import CATALOGUE_DIR, ORGANISATIONS_DIR

REPO = Path(__file__).resolve().parent.parent
CHECKED = ("2026-04-20", "2026-06-15", "2026-08-31", "2026-10-01")  # within a year of 2026-11-23, not after it
FIRST_DAY = date(2026, 8, 3)  # schedules start near here; validity ranges end in 2030, single dates in 2027-2030
SHAPES = ("weekly", "every-other-week", "weeks-of-month", "dates", "appointment")
MODES = (*SHAPES, "online", "phone")  # offer n gets MODES[n % 7], so every catalogue of 7+ offers has them all

WORDS = """
org_places: Keski-Uudenmaan; Kylänraitin; Järvenrannan; Harjun; Kotiseudun; Lähimmäisten; Hopeisten
org_kinds: omaisyhdistys; mielenterveysseura; eläkeläiset; perheyhdistys; invalidiyhdistys; kyläyhdistys
name_heads: Omaisten; Nuorten; Senioreiden; Perheiden; Naisten; Miesten; Lasten; Kylän; Arjen; Iltapäivän; Aamun; Mielen; Yhteinen; Avoin; Rauhallinen; Kaikkien
name_kinds: vertaisryhmä; olohuone; kahvila; kerho; tuolijumppa; lukupiiri; keskusteluryhmä; kuoro; kävelyryhmä; käsityöpiiri; digiopastus; neuvontapiste; toimintailta; muistikahvila
openings: Ryhmässä; Tapaamisissa; Kerhossa; Illan aikana; Kokoontumisissa; Toiminnassa
activities: jutellaan; liikutaan; kokataan; pelataan; lauletaan; askarrellaan; ulkoillaan; luetaan; opetellaan uutta; jaetaan kokemuksia; rentoudutaan; tanssitaan; keskustellaan ajankohtaisista
manners: rauhallisessa tahdissa; ohjaajan johdolla; vertaisten kanssa; kahvikupin äärellä; turvallisessa ilmapiirissä; omien voimien mukaan; ilman suorituspaineita; pienessä porukassa
closings: Mukaan voi tulla kesken kauden.; Ensimmäisellä kerralla voi vain kuunnella.; Ohjaajat ovat koulutettuja vapaaehtoisia.; Tarjolla on kahvia ja teetä.; Toiminta on päihteetöntä.; Ota mukaan sisäkengät ja vesipullo.; Voit tulla yksin tai ystävän kanssa.; Kaikki keskustelut ovat luottamuksellisia.; Avustaja voi tulla mukaan maksutta.; Kerro ohjaajalle, jos tarvitset tukea osallistumiseen.
easy: Tule mukaan juttelemaan.; Toiminta on kaikille avointa.; Ei tarvitse osata mitään.; Saat apua.; Kahvi on ilmaista.
keywords: vertaistuki; jaksaminen; yksinäisyys; liikunta; ulkoilu; digituki; omaiset; muisti; musiikki; käsityöt; ruoka; lukeminen; kulttuuri; keskustelu; perhe; vapaaehtoisuus
places: Järjestötalo; Seurakuntakeskus; Kirjaston monitoimitila; Nuorisotila; Palvelukeskus; Kylätalo; Työväentalo; Liikuntahalli; Asukastupa; Kulttuurikeskus
rooms: kerhohuone; sali; kahvio; yläkerta; kokoustila
streets: Koulu; Kirkko; Asema; Mylly; Puisto; Ranta; Sepän; Koivu; Kauppa; Pappila; Kartano
street_kinds: tie; katu; kuja; polku
place_notes: Sisäänkäynti pihan puolelta.; Tila on toisessa kerroksessa.; Pysäköinti talon takana.
time_notes: Ei kokoontumisia koulujen lomilla.; Tarkista ajat ennen tuloa.; Kesällä ulkona, sään salliessa.
fees: 2 € / kerta; 5 € / kerta; 10 € / kuukausi; 25 € / lukukausi; Jäsenille 3 €, muille 5 €
people: Anna Virtanen; Mikko Korhonen; Liisa Mäkinen; Juha Nieminen; Sari Hämäläinen; Pekka Laine
roles: ryhmänohjaaja; toiminnanohjaaja; vapaaehtoinen; diakoni; sosiaaliohjaaja
registration: Ilmoittaudu puhelimitse tai sähköpostilla.; Ilmoittaudu viikkoa ennen.; Täytä lomake verkossa.
"""
# The word lists by name: W["closings"] is the list on the line "closings: ...".
W = {key: value.split("; ") for key, _, value in (line.partition(": ") for line in WORDS.strip().splitlines())}

Geography = dict[str, tuple[list[str], float, float]]  # municipality code: postal codes, centre lat and lon


def _flow(items: list[str] | list[int]) -> str:
    """Return a YAML flow sequence, e.g. [ti, to]."""
    return "[" + ", ".join(map(str, items)) + "]"


def _block(key: str, paragraphs: list[str]) -> list[str]:
    """Return a literal block scalar with blank lines between paragraphs."""
    lines = [f"{key}: |"]
    for paragraph in paragraphs:
        lines += [f"  {paragraph}", ""]
    return lines[:-1]


def _some(rng: random.Random, items: list[str] | tuple[str, ...], low: int, high: int) -> list[str]:
    """Return low..high distinct items in their original order."""
    picked = set(rng.sample(range(len(items)), min(len(items), rng.randint(low, high))))
    return [item for i, item in enumerate(items) if i in picked]


def _sentence(rng: random.Random) -> str:
    """Return one Finnish-looking sentence about an activity."""
    first, second = rng.sample(W["activities"], 2)
    return f"{rng.choice(W['openings'])} {first} {rng.choice(W['manners'])} ja {second} {rng.choice(W['manners'])}."


def _paragraph(rng: random.Random, sentences: int) -> str:
    """Return a paragraph of generated sentences and stock closings."""
    return " ".join([_sentence(rng) for _ in range(sentences)] + rng.sample(W["closings"], 2))


def _phone(rng: random.Random) -> str:
    """Return a Finnish mobile or landline number."""
    if rng.random() < 0.5:
        return f"0{rng.choice((40, 44, 50))} {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"
    return f"09 {rng.randrange(1000, 10000)} {rng.randrange(1000, 10000)}"


def _business_id(rng: random.Random) -> str:
    """Return a Y-tunnus with a correct check digit."""
    while True:
        digits = f"{rng.randrange(10**6, 10**7):07}"
        remainder = sum(int(d) * w for d, w in zip(digits, YTUNNUS_WEIGHTS, strict=True)) % 11
        if remainder != 1:
            return f"{digits}-{(11 - remainder) % 11}"


def _street(rng: random.Random) -> str:
    """Return a street address."""
    return f"{rng.choice(W['streets'])}{rng.choice(W['street_kinds'])} {rng.randint(1, 40)}"


def _geography(rng: random.Random, taxonomy: Taxonomy) -> Geography:
    """Give every municipality of the taxonomy postal codes and a centre in southern Finland."""
    geography: Geography = {}
    for code in taxonomy.codes("kunnat"):
        if code != WHOLE_REGION:
            base = rng.randrange(100, 980)
            codes = [f"0{base + i:03}0" for i in range(rng.randint(1, 3))]
            geography[code] = (codes, round(rng.uniform(60.2, 61.2), 3), round(rng.uniform(23.8, 26.0), 3))
    return geography


def _organisation(rng: random.Random, taxonomy: Taxonomy, geography: Geography, number: int) -> tuple[str, str]:
    """Return the id and file text of one organisation."""
    name = f"{rng.choice(W['org_places'])} {rng.choice(W['org_kinds'])}"
    org_id = f"{slugify(name)}-{number + 1}"
    home = rng.choice(sorted(geography))
    lines = ["# yaml-language-server: $schema=../site_config/schema/jarjesto.schema.json", f"nimi: {name}"]
    lines.append(f"tyyppi: {rng.choice(list(taxonomy.codes('jarjestotyypit')))}")
    if rng.random() < 0.7:
        lines.append(f"ytunnus: {_business_id(rng)}")
    lines += _block("kuvaus", [_paragraph(rng, 2)])
    lines += [f"kotisivu: https://www.example.fi/{org_id}", f"sahkoposti: {org_id}@example.fi"]
    lines.append(f"puhelin: {_phone(rng)}")
    lines.append(f"osoite: {_street(rng)}, {geography[home][0][0]} {taxonomy.label('kunnat', home)}")
    lines.append(f"kunnat: {_flow(_some(rng, list(geography), 1, 3))}")
    lines.append(f"yllapitajat: {_flow(sorted({f'kayttaja-{rng.randrange(1, 10**5)}' for _ in range(3)}))}")
    lines.append(f"tarkistettu: {rng.choice(CHECKED)}")
    return org_id, "\n".join(lines) + "\n"


def _schedule(rng: random.Random, taxonomy: Taxonomy, shape: str) -> list[str]:
    """Return one item of `ajat:` of the given shape."""
    start = FIRST_DAY + timedelta(days=rng.randrange(150))
    validity = f"voimassa: {{alkaen: {start}, asti: 2030-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}}}"
    weekdays = list(taxonomy.codes("viikonpaivat"))
    minutes = rng.randrange(8 * 4, 19 * 4) * 15
    end = minutes + rng.randrange(3, 13) * 15
    times = [f'alkaa: "{minutes // 60:02}:{minutes % 60:02}"', f'loppuu: "{end // 60:02}:{end % 60:02}"']
    fields = [f"viikonpaivat: {_flow(_some(rng, weekdays, 1, 1 if shape != 'weekly' else 3))}", *times]
    if shape == "weekly":
        fields += [validity] if rng.random() < 0.5 else []
        if rng.random() < 0.4:
            days = sorted(rng.sample(range(7, 700), rng.randint(1, 5)))
            fields.append(f"poikkeukset: {_flow([str(start + timedelta(days=d)) for d in days])}")
    elif shape == "every-other-week":
        fields += ["joka-toinen-viikko: true", validity if rng.random() < 0.5 else f"voimassa: {{alkaen: {start}}}"]
    elif shape == "weeks-of-month":
        fields += [f"kuukauden-viikot: {_flow(sorted(rng.sample(range(1, 6), rng.randint(1, 2))))}", validity]
    elif shape == "dates":
        days = sorted(rng.sample(range(4 * 365), rng.randint(1, 6)))
        fields = [f"paivat: {_flow([str(date(2027, 1, 1) + timedelta(days=d)) for d in days])}", *times]
    else:
        fields = ["sopimuksen-mukaan: true"]
    if rng.random() < 0.25:
        fields.append(f"lisatieto: {rng.choice(W['time_notes'])}")
    return [f"  - {fields[0]}", *(f"    {field}" for field in fields[1:])]


def _place(rng: random.Random, taxonomy: Taxonomy, geography: Geography, municipality: str) -> list[str]:
    """Return one item of `paikat:` in the given municipality."""
    postal_codes, lat, lon = geography[municipality]
    name = rng.choice(W["places"]) + (f", {rng.choice(W['rooms'])}" if rng.random() < 0.4 else "")
    lines = [f"  - nimi: {name}", f"    osoite: {_street(rng)}", f'    postinumero: "{rng.choice(postal_codes)}"']
    lines.append(f"    kunta: {municipality}")
    if rng.random() < 0.8:
        lines.append(f"    esteettomyys: {_flow(_some(rng, list(taxonomy.codes('esteettomyys')), 1, 4))}")
    if rng.random() < 0.8:
        lines.append(
            f"    sijainti: {{lat: {lat + rng.uniform(-0.04, 0.04):.4f}, lon: {lon + rng.uniform(-0.06, 0.06):.4f}}}"
        )
    if rng.random() < 0.3:
        lines.append(f"    lisatieto: {rng.choice(W['place_notes'])}")
    return lines


def _offer(rng: random.Random, taxonomy: Taxonomy, geography: Geography, org_id: str, number: int) -> tuple[str, str]:
    """Return the id and file text of one offer; its number picks its main schedule shape or mode."""
    mode = MODES[number % len(MODES)]
    codes = {name: list(taxonomy.codes(name)) for name in ("teemat", "muodot", "kohderyhmat", "kielet", "tilat")}
    name = f"{rng.choice(W['name_heads'])} {rng.choice(W['name_kinds'])}"
    offer_id = f"{slugify(name)}-{number:05}"
    local = sorted(geography)
    whole = WHOLE_REGION in taxonomy.codes("kunnat") and rng.random() < 0.15
    municipalities = [WHOLE_REGION] if whole else _some(rng, local, 1, 3)
    lines = ["# yaml-language-server: $schema=../../site_config/schema/tarjonta.schema.json", f"nimi: {name}"]
    lines.append(f"lyhyesti: {_sentence(rng)}")
    lines += _block("kuvaus", [_paragraph(rng, rng.randint(2, 4)) for _ in range(rng.randint(1, 3))])
    if rng.random() < 0.3:
        lines += _block("selkokieli", [" ".join(rng.sample(W["easy"], 2))])
    lines += [f"teemat: {_flow(_some(rng, codes['teemat'], 1, 2))}", f"muoto: {rng.choice(codes['muodot'])}"]
    lines.append(f"kohderyhmat: {_flow(_some(rng, codes['kohderyhmat'], 1, 3))}")
    if rng.random() < 0.3:
        low = rng.choice((0, 7, 13, 18, 65))
        lines.append(
            f"ika: {{min: {low}, max: {low + rng.randint(5, 30)}}}" if rng.random() < 0.5 else f"ika: {{min: {low}}}"
        )
    lines.append(f"kunnat: {_flow(municipalities)}")
    lines.append(f"kielet: {_flow(codes['kielet'][:1] + _some(rng, codes['kielet'][1:], 0, 2))}")
    if rng.random() < 0.7:
        lines.append(f"asiasanat: {_flow(_some(rng, W['keywords'], 1, 4))}")
    lines += ["hinta: maksuton"] if rng.random() < 0.7 else ["hinta:", f"  maksu: {rng.choice(W['fees'])}"]
    if rng.random() < 0.4:
        lines += ["ilmoittautuminen:", "  tarvitaan: true", f"  ohje: {rng.choice(W['registration'])}"]
        lines.append(f"  linkki: https://www.example.fi/{org_id}/{offer_id}")
    online, phone = mode == "online" or rng.random() < 0.1, mode == "phone"
    lines += [f"verkossa: {str(online).lower()}", f"puhelimitse: {str(phone).lower()}"]
    if mode not in ("online", "phone"):
        lines.append("paikat:")
        for _ in range(rng.choices((1, 2), (4, 1))[0]):
            lines += _place(rng, taxonomy, geography, rng.choice(local if whole else municipalities))
    shapes = [mode] if mode in SHAPES else [rng.choice(("weekly", "appointment"))]
    shapes += rng.choices(SHAPES, (5, 2, 2, 2, 1)) if rng.random() < 0.3 else []
    lines.append("ajat:")
    for shape in shapes:
        lines += _schedule(rng, taxonomy, shape)
    lines += ["yhteystiedot:", f"  puhelin: {_phone(rng)}", f"  sahkoposti: {slugify(name)}@example.fi"]
    if rng.random() < 0.5:
        lines.append(f"  verkkosivu: https://www.example.fi/{org_id}/{offer_id}")
    if rng.random() < 0.3:
        lines += ["  henkilo:", f"    nimi: {rng.choice(W['people'])}", f"    rooli: {rng.choice(W['roles'])}"]
        lines.append("    suostumus: true")
    lines.append(f"tila: {rng.choices(codes['tilat'], [20] + [1] * (len(codes['tilat']) - 1))[0]}")
    lines.append(f"tarkistettu: {rng.choice(CHECKED)}")
    return offer_id, "\n".join(lines) + "\n"


def write_catalogue(root: Path, offers: int, *, organisations: int | None = None, seed: int = 0) -> None:
    """Write `offers` offer files under `organisations` organisations into `root`, the same for the same seed."""
    rng = random.Random(seed)
    taxonomy = load_taxonomy(REPO / TAXONOMY)
    geography = _geography(rng, taxonomy)
    count = max(1, offers // 25) if organisations is None else organisations
    if offers and count < 1:
        raise ValueError("offers need at least one organisation")
    org_ids = []
    (root / ORGANISATIONS_DIR).mkdir(parents=True, exist_ok=True)
    for number in range(count):
        org_id, text = _organisation(rng, taxonomy, geography, number)
        (root / ORGANISATIONS_DIR / f"{org_id}.yml").write_text(text, encoding="utf-8", newline="\n")
        (root / CATALOGUE_DIR / org_id).mkdir(parents=True, exist_ok=True)
        org_ids.append(org_id)
    weights = [rng.choice((1, 1, 2, 3, 8)) for _ in org_ids]  # a few large organisations, many small ones
    for number in range(offers):
        org_id = org_ids[number] if number < len(org_ids) else rng.choices(org_ids, weights)[0]
        offer_id, text = _offer(rng, taxonomy, geography, org_id, number)
        (root / CATALOGUE_DIR / org_id / f"{offer_id}.yml").write_text(text, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write a synthetic catalogue for benchmarks and tests.")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--offers", type=int, required=True)
    parser.add_argument("--organisations", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_catalogue(args.outdir, args.offers, organisations=args.organisations, seed=args.seed)
