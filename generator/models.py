"""The data model: organisations and their offers, with Finnish keys as aliases.

Titles and descriptions are Finnish: they become the JSON Schemas that editors use
to complete and check the files, and the field reference of the contributor guide.
"""

from __future__ import annotations

from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from generator.fields import (
    Bool,
    BusinessId,
    CheckedDate,
    Code,
    Codes,
    Date,
    Decimal,
    Email,
    GitHubUser,
    Integer,
    OptionalBlock,
    Phone,
    PostalCode,
    Text,
    Time,
    Url,
    hh_mm,
    problem,
    unique,
)
from generator.messages import nearest
from generator.phrases import join
from generator.taxonomy import WHOLE_REGION

# Every data file: unknown keys are errors, and values are read by their Finnish keys only.
STRICT = ConfigDict(extra="forbid", frozen=True, validate_by_alias=True, validate_by_name=False)


class _Model(BaseModel):
    model_config = STRICT


# Defined before the models that use it: a name defined later leaves their fields unresolved until first use.
def _whole_region_alone(value: list[str]) -> list[str]:
    if WHOLE_REGION in value and len(value) > 1:
        raise problem(
            "whole-region",
            "'{field}': '{value}' kattaa jo kaikki kunnat, joten sen rinnalla ei voi olla muita",
            "kirjoita joko [{value}] tai pelkät kunnat",
            value=WHOLE_REGION,
        )
    return value


class Organisation(_Model):
    """Järjestön, seurakunnan tai julkisen toimijan perustiedot."""

    model_config = ConfigDict(title="Järjestö")

    name: Annotated[str, Text(150)] = Field(alias="nimi", title="Nimi", description="Toimijan virallinen nimi.")
    type: Annotated[str, Code("jarjestotyypit")] = Field(
        alias="tyyppi", title="Tyyppi", description="Toimijan tyyppi, esim. yhdistys tai seurakunta."
    )
    example: Bool = Field(
        False,
        alias="esimerkki",
        title="Esimerkki",
        description="true, jos tiedot ovat keksittyjä esimerkkitietoja; sivusto kertoo sen lukijalle.",
    )
    business_id: BusinessId | None = Field(
        None, alias="ytunnus", title="Y-tunnus", description="Y-tunnus muodossa 1234567-8."
    )
    description: Annotated[str, Text(2500)] = Field(
        alias="kuvaus",
        title="Kuvaus",
        description="Mitä toimija tekee. Voit käyttää Markdown-muotoilua (ei HTML:ää).",
    )
    website: Url | None = Field(None, alias="kotisivu", title="Kotisivu", description="https://-alkuinen osoite.")
    email: Email | None = Field(
        None, alias="sahkoposti", title="Sähköposti", description="Toimijan yleinen sähköpostiosoite."
    )
    phone: Phone | None = Field(None, alias="puhelin", title="Puhelin", description="Esim. 040 123 4567.")
    address: Annotated[str, Text(200)] | None = Field(
        None, alias="osoite", title="Osoite", description="Postiosoite yhdellä rivillä."
    )
    municipalities: Annotated[list[str], Codes("kunnat"), AfterValidator(_whole_region_alone)] = Field(
        [], alias="kunnat", title="Kunnat", description="Kunnat, joissa toimija toimii."
    )
    maintainers: Annotated[list[GitHubUser], AfterValidator(unique)] = Field(
        alias="yllapitajat",
        min_length=1,
        title="Ylläpitäjät",
        description="GitHub-tunnukset, joilla saa muokata tämän toimijan tietoja.",
    )
    checked: CheckedDate = Field(
        alias="tarkistettu", title="Tarkistettu", description="Päivä, jona tiedot on viimeksi tarkistettu."
    )

    _id: str = PrivateAttr("")

    @property
    def id(self) -> str:
        return self._id


class AgeRange(_Model):
    """Ikäraja."""

    model_config = ConfigDict(title="Ikä")

    min: Annotated[int, Integer(0, 120, "18")] | None = Field(
        None, title="Alaikäraja", description="Nuorin ikä vuosina."
    )
    max: Annotated[int, Integer(0, 120, "18")] | None = Field(
        None, title="Yläikäraja", description="Vanhin ikä vuosina."
    )

    @field_validator("max")
    @classmethod
    def _max_after_min(cls, value: int | None, info: ValidationInfo) -> int | None:
        low = info.data.get("min")
        if value is not None and low is not None and value < low:
            raise problem(
                "age-order",
                "yläikäraja {max} on pienempi kuin alaikäraja {min}",
                "vaihda luvut keskenään",
                min=low,
                max=value,
            )
        return value


class Fee(_Model):
    """Maksullinen osallistuminen."""

    model_config = ConfigDict(title="Maksu")

    amount: Annotated[str, Text(200)] = Field(alias="maksu", title="Maksu", description='Esim. "5 € / kerta".')


def _price_kind(value: Any) -> str:
    # A dict when a file is read, a model when the open data is written.
    return "maksu" if isinstance(value, dict | Fee) else "maksuton"


def _free(value: Any) -> str:
    if value != "maksuton":
        raise problem(
            "price",
            "'{field}' pitää olla 'maksuton' tai muotoa 'maksu: ...', nyt '{value}'",
            'kirjoita "hinta: maksuton" tai "hinta:" ja alle "  maksu: 5 € / kerta"',
            value=str(value),
        )
    return "maksuton"


Price = Annotated[
    Annotated[Literal["maksuton"], BeforeValidator(_free), Tag("maksuton")] | Annotated[Fee, Tag("maksu")],
    Discriminator(_price_kind),
]


class Registration(_Model):
    """Ilmoittautuminen."""

    model_config = ConfigDict(title="Ilmoittautuminen")

    required: Bool = Field(alias="tarvitaan", title="Tarvitaan", description="true, jos pitää ilmoittautua etukäteen.")
    instructions: Annotated[str, Text(500)] | None = Field(
        None, alias="ohje", title="Ohje", description="Miten ja mihin mennessä."
    )
    link: Url | None = Field(None, alias="linkki", title="Linkki", description="Ilmoittautumislomakkeen osoite.")


class Coordinates(_Model):
    """Sijainti kartalla (WGS84)."""

    model_config = ConfigDict(title="Sijainti")

    lat: Annotated[float, Decimal(-90, 90, "60.4"), Field(title="Leveysaste", description="Suomessa noin 60–70.")]
    lon: Annotated[float, Decimal(-180, 180, "25.0"), Field(title="Pituusaste", description="Suomessa noin 20–31.")]

    @model_validator(mode="after")
    def _in_finland(self) -> Coordinates:
        if not (59.5 <= self.lat <= 70.1 and 19.0 <= self.lon <= 31.6):
            raise problem(
                "coordinates",
                "sijainti {lat}, {lon} ei ole Suomessa",
                "tarkista, etteivät leveys (lat, n. 60) ja pituus (lon, n. 25) ole väärin päin",
                lat=self.lat,
                lon=self.lon,
            )
        return self


def _not_whole_region(value: str) -> str:
    if value == WHOLE_REGION:
        raise problem(
            "place-municipality",
            "paikan '{field}' ei voi olla '{value}'",
            "kirjoita kunta, jossa paikka on, esim. tuusula",
            value=value,
        )
    return value


class Place(_Model):
    """Paikka, jossa toiminta on."""

    model_config = ConfigDict(title="Paikka")

    name: Annotated[str, Text(100)] = Field(alias="nimi", title="Nimi", description="Esim. Järjestötalo, kerhohuone.")
    address: Annotated[str, Text(200)] = Field(
        alias="osoite", title="Katuosoite", description="Katu ja numero, esim. Koulutie 3 B."
    )
    postal_code: PostalCode = Field(
        alias="postinumero", title="Postinumero", description='Lainausmerkeissä, esim. "04300".'
    )
    municipality: Annotated[str, Code("kunnat"), AfterValidator(_not_whole_region)] = Field(
        alias="kunta", title="Kunta", description="Kunta, jossa paikka on."
    )
    accessibility: Annotated[list[str], Codes("esteettomyys")] = Field(
        [], alias="esteettomyys", title="Esteettömyys", description="Esim. [pyoratuoli, induktiosilmukka]."
    )
    location: Coordinates | None = Field(
        None, alias="sijainti", title="Sijainti", description="Esim. {lat: 60.40, lon: 25.03}."
    )
    info: Annotated[str, Text(300)] | None = Field(
        None, alias="lisatieto", title="Lisätieto", description="Esim. sisäänkäynti pihan puolelta."
    )


class Validity(_Model):
    """Aikaväli, jolla toiminta on voimassa."""

    model_config = ConfigDict(title="Voimassaolo")

    start: Date | None = Field(None, alias="alkaen", title="Alkaen", description="Ensimmäinen päivä, VVVV-KK-PP.")
    end: Date | None = Field(None, alias="asti", title="Asti", description="Viimeinen päivä, VVVV-KK-PP.")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start")
        if value is not None and start is not None and value < start:
            raise problem(
                "date-order",
                "päättymispäivä {end} on ennen alkamispäivää {start}",
                "tarkista päivämäärät",
                start=start.isoformat(),
                end=value.isoformat(),
            )
        return value


class _Timed(_Model):
    starts: Time = Field(alias="alkaa", title="Alkaa", description='Kellonaika, esim. "17:30".')
    ends: Time = Field(alias="loppuu", title="Loppuu", description='Kellonaika, esim. "19:00".')
    info: Annotated[str, Text(150)] | None = Field(
        None, alias="lisatieto", title="Lisätieto", description="Esim. ei kokoontumisia kesällä."
    )

    @field_validator("ends")
    @classmethod
    def _ends_after_start(cls, value: time, info: ValidationInfo) -> time:
        start = info.data.get("starts")
        if start is not None and value <= start:
            raise problem(
                "time-order",
                "loppumisaika {ends} ei ole alkamisajan {starts} jälkeen",
                "tarkista kellonajat; yön yli jatkuvaa aikaa ei voi merkitä",
                starts=hh_mm(start),
                ends=hh_mm(value),
            )
        return value


class Weekly(_Timed):
    """Viikoittain toistuva aika."""

    model_config = ConfigDict(title="Viikoittainen aika")

    weekdays: Annotated[list[str], Codes("viikonpaivat", at_least=1)] = Field(
        alias="viikonpaivat", title="Viikonpäivät", description="Esim. [ti, to]."
    )
    every_other_week: Bool = Field(
        False,
        alias="joka-toinen-viikko",
        title="Joka toinen viikko",
        description="true, jos kokoontuu joka toinen viikko; ensimmäinen kerta on voimassa.alkaen-päivän viikolla.",
    )
    weeks_of_month: Annotated[list[Annotated[int, Integer(1, 5, "1")]], AfterValidator(unique)] = Field(
        [],
        alias="kuukauden-viikot",
        title="Kuukauden viikot",
        description="Esim. [1, 3]: kuukauden ensimmäinen ja kolmas viikonpäivä.",
    )
    validity: Validity | None = Field(
        None, alias="voimassa", title="Voimassa", description="Alkaen- ja asti-päivät.", validate_default=True
    )
    exceptions: Annotated[list[Date], AfterValidator(unique)] = Field(
        [], alias="poikkeukset", title="Poikkeukset", description="Päivät, joina ei kokoonnuta."
    )

    @field_validator("weeks_of_month")
    @classmethod
    def _one_rhythm(cls, value: list[int], info: ValidationInfo) -> list[int]:
        if value and info.data.get("every_other_week"):
            raise problem(
                "schedule-rhythm",
                "aikaan ei voi merkitä sekä joka-toinen-viikko että kuukauden-viikot",
                "valitse toinen niistä",
            )
        return value

    @field_validator("validity")
    @classmethod
    def _every_other_week_has_start(cls, value: Validity | None, info: ValidationInfo) -> Validity | None:
        if info.data.get("every_other_week") and (value is None or value.start is None):
            raise problem(
                "schedule-rhythm",
                "joka toinen viikko tarvitsee aloituspäivän",
                "lisää voimassa: ja sen alle alkaen: ensimmäisen kerran päivä",
            )
        return value


class Dates(_Timed):
    """Yksittäiset päivät."""

    model_config = ConfigDict(title="Yksittäiset päivät")

    dates: Annotated[list[Date], AfterValidator(unique)] = Field(
        alias="paivat", min_length=1, title="Päivät", description="Esim. [2026-12-05, 2027-01-16]."
    )


class ByAppointment(_Model):
    """Aika sovitaan erikseen."""

    model_config = ConfigDict(title="Sopimuksen mukaan")

    by_appointment: Bool = Field(
        alias="sopimuksen-mukaan", title="Sopimuksen mukaan", description="true: aika sovitaan erikseen."
    )
    info: Annotated[str, Text(150)] | None = Field(
        None, alias="lisatieto", title="Lisätieto", description="Esim. ei kokoontumisia kesällä."
    )

    @field_validator("by_appointment")
    @classmethod
    def _true(cls, value: bool) -> bool:
        if not value:
            raise problem("bool", "sopimuksen-mukaan voi olla vain true", "poista koko aika, jos sitä ei sovita")
        return value


_SCHEDULE_KINDS: tuple[type[_Model], ...] = (Weekly, Dates, ByAppointment)


def _kind_keys() -> dict[str, type[_Model]]:
    """Return each kind of schedule by the key that names it: its one required key that no other kind has."""
    named = {}
    for kind in _SCHEDULE_KINDS:
        others = {info.alias for other in _SCHEDULE_KINDS if other is not kind for info in other.model_fields.values()}
        (key,) = [info.alias for info in kind.model_fields.values() if info.is_required() and info.alias not in others]
        named[str(key)] = kind
    return named


_KIND_KEYS = _kind_keys()
_SCHEDULE_KEYS = frozenset(info.alias for kind in _SCHEDULE_KINDS for info in kind.model_fields.values())


def _kind_by_keys(value: Any) -> type[_Model]:
    """Return the kind a schedule's keys name; a misspelt naming key still names its kind."""
    keys = [key for key in value if isinstance(key, str)] if isinstance(value, dict) else []
    named = [kind for key, kind in _KIND_KEYS.items() if key in keys]
    if len(named) > 1:
        raise problem(
            "schedule-kind",
            "samassa ajassa on sekä {keys}",
            "kirjoita kukin omaksi ajakseen, jokainen omalle '- '-alkuiselle rivilleen",
            keys=join([f"'{key}'" for key in _KIND_KEYS if key in keys], "että"),
        )
    meant = [_KIND_KEYS[near] for key in keys if key not in _SCHEDULE_KEYS and (near := nearest(key, list(_KIND_KEYS)))]
    if not (named or meant):
        raise problem(
            "schedule-kind",
            "ajalta puuttuu {keys}",
            "kirjoita aikaan yksi näistä: {kinds}",
            keys=join([f"'{key}'" for key in _KIND_KEYS], "tai"),
            kinds=join([_kind_text(key, kind) for key, kind in _KIND_KEYS.items()], "tai"),
        )
    return (named or meant)[0]


def _kind_text(key: str, kind: type[_Model]) -> str:
    """Name a kind by its key, glossed with its title where that says more, e.g. "paivat (yksittäiset päivät)"."""
    title = str(kind.model_config.get("title")).lower()
    return key if title == key.replace("-", " ") else f"{key} ({title})"


def _schedule_kind(value: Any) -> str:
    # A model when the open data is written; a mapping, told by its keys, when a file is read.
    return type(value).__name__ if isinstance(value, _SCHEDULE_KINDS) else _kind_by_keys(value).__name__


def _one_kind(value: Any) -> Any:
    # Refuses a schedule of no kind or of several with a Finnish problem; the discriminator, which may
    # only name a kind, then tells the kind again by the same keys.
    _kind_by_keys(value)
    return value


Schedule = Annotated[
    Annotated[Weekly, Tag(Weekly.__name__)]
    | Annotated[Dates, Tag(Dates.__name__)]
    | Annotated[ByAppointment, Tag(ByAppointment.__name__)],
    Discriminator(_schedule_kind),
    BeforeValidator(_one_kind),
]


class Person(_Model):
    """Nimetty yhteyshenkilö."""

    model_config = ConfigDict(title="Yhteyshenkilö")

    name: Annotated[str, Text(100)] = Field(
        alias="nimi", title="Nimi", description="Henkilön nimi, vain hänen luvallaan."
    )
    role: Annotated[str, Text(100)] | None = Field(
        None, alias="rooli", title="Rooli", description="Esim. ryhmänohjaaja."
    )
    consent: Bool = Field(
        False,
        alias="suostumus",
        title="Suostumus",
        description="true vasta, kun henkilö on suostunut nimensä julkaisemiseen.",
        validate_default=True,
    )

    @field_validator("consent")
    @classmethod
    def _consented(cls, value: bool) -> bool:
        if not value:
            raise problem(
                "consent-required",
                "yhteyshenkilön nimen saa julkaista vain hänen suostumuksellaan",
                "kysy lupa ja lisää 'suostumus: true', tai poista henkilö",
            )
        return value


class Contact(_Model):
    """Yhteystiedot tätä toimintaa varten."""

    model_config = ConfigDict(title="Yhteystiedot")

    phone: Phone | None = Field(
        None, alias="puhelin", title="Puhelin", description="Numero, josta kysyä tästä toiminnasta."
    )
    email: Email | None = Field(
        None, alias="sahkoposti", title="Sähköposti", description="Sähköpostiosoite tätä toimintaa varten."
    )
    website: Url | None = Field(None, alias="verkkosivu", title="Verkkosivu", description="https://-alkuinen osoite.")
    person: Person | None = Field(
        None, alias="henkilo", title="Yhteyshenkilö", description="Nimetty henkilö, vain hänen suostumuksellaan."
    )


class Offer(_Model):
    """Yksi toiminta: ryhmä, kohtaamispaikka, neuvonta, tapahtuma tai muu tarjonta."""

    model_config = ConfigDict(title="Tarjonta")

    name: Annotated[str, Text(100)] = Field(
        alias="nimi", title="Nimi", description="Toiminnan nimi, enintään 100 merkkiä."
    )
    summary: Annotated[str, Text(200)] = Field(
        alias="lyhyesti", title="Lyhyesti", description="Yksi virke, joka näkyy hakutuloksissa. Enintään 200 merkkiä."
    )
    description: Annotated[str, Text(2500)] = Field(
        alias="kuvaus", title="Kuvaus", description="Tarkempi kuvaus. Voit käyttää Markdown-muotoilua (ei HTML:ää)."
    )
    easy_read: Annotated[str, Text(1000)] | None = Field(
        None, alias="selkokieli", title="Selkokielellä", description="Lyhyt kuvaus selkokielellä."
    )
    themes: Annotated[list[str], Codes("teemat", at_least=1)] = Field(
        alias="teemat", title="Teemat", description="Yksi tai useampi teema, esim. [ikaantyneet]."
    )
    form: Annotated[str, Code("muodot")] = Field(
        alias="muoto", title="Muoto", description="Toiminnan muoto, esim. vertaistukiryhma."
    )
    target_groups: Annotated[list[str], Codes("kohderyhmat", at_least=1)] = Field(
        alias="kohderyhmat", title="Kohderyhmät", description="Kenelle toiminta on tarkoitettu."
    )
    age: Annotated[AgeRange | None, OptionalBlock] = Field(
        None, alias="ika", title="Ikä", description="Esim. min: 18 tai min: 7, max: 12."
    )
    municipalities: Annotated[list[str], Codes("kunnat", at_least=1), AfterValidator(_whole_region_alone)] = Field(
        alias="kunnat",
        title="Kunnat",
        description="Kuntien asukkaat, joille toiminta on tarkoitettu, tai koko-alue.",
    )
    languages: Annotated[list[str], Codes("kielet", at_least=1)] = Field(
        alias="kielet", title="Kielet", description="Toiminnan kielet, esim. [fi, sv]."
    )
    keywords: Annotated[list[Annotated[str, Text(50)]], AfterValidator(unique)] = Field(
        [], alias="asiasanat", title="Asiasanat", description="Hakusanoja, joilla toiminta löytyy."
    )
    price: Price = Field(alias="hinta", title="Hinta", description="maksuton, tai maksu: ja hinta tekstinä.")
    registration: Registration | None = Field(
        None, alias="ilmoittautuminen", title="Ilmoittautuminen", description="Tarvitaanko ilmoittautuminen ja miten."
    )
    online: Bool = Field(
        False, alias="verkossa", title="Verkossa", description="true, jos toimintaan voi osallistua verkossa."
    )
    by_phone: Bool = Field(
        False, alias="puhelimitse", title="Puhelimitse", description="true, jos toiminta on puhelimessa."
    )
    places: list[Place] = Field(
        [],
        alias="paikat",
        title="Paikat",
        description="Vähintään yksi paikka, ellei toiminta ole verkossa tai puhelimitse.",
        validate_default=True,
    )
    schedules: list[Schedule] = Field(
        [], alias="ajat", title="Ajat", description="Viikoittain, yksittäisinä päivinä tai sopimuksen mukaan."
    )
    contact: Annotated[Contact | None, OptionalBlock] = Field(
        None, alias="yhteystiedot", title="Yhteystiedot", description="Yhteystiedot juuri tätä toimintaa varten."
    )
    status: Annotated[str, Code("tilat")] = Field(
        "aktiivinen", alias="tila", title="Tila", description="aktiivinen, tauolla tai paattynyt."
    )
    checked: CheckedDate = Field(
        alias="tarkistettu", title="Tarkistettu", description="Päivä, jona tiedot on viimeksi tarkistettu."
    )

    _id: str = PrivateAttr("")
    _organisation_id: str = PrivateAttr("")

    @field_validator("places")
    @classmethod
    def _somewhere(cls, value: list[Place], info: ValidationInfo) -> list[Place]:
        if not value and not info.data.get("online") and not info.data.get("by_phone"):
            raise problem(
                "no-place",
                "tarjonnalta puuttuu paikka",
                "lisää paikat: tai merkitse verkossa: true tai puhelimitse: true",
            )
        return value

    @property
    def id(self) -> str:
        return self._id

    @property
    def organisation_id(self) -> str:
        return self._organisation_id

    @property
    def is_free(self) -> bool:
        return self.price == "maksuton"

    @property
    def last_date(self) -> date | None:
        """Return the last day this offer runs, if every schedule has one."""
        ends: list[date] = []
        for schedule in self.schedules:
            if isinstance(schedule, Dates):
                ends.append(max(schedule.dates))
            elif isinstance(schedule, Weekly) and schedule.validity and schedule.validity.end:
                ends.append(schedule.validity.end)
            else:
                return None
        return max(ends, default=None)
