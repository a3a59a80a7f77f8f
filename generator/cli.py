"""The `tarjotin` command: parses arguments, calls the library, sets the exit code."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from generator import build, from_issue, opendata, owners, scaffold, schema, stale
from generator import problems as report
from generator.errors import TarjotinError, UsageError, os_error_text
from generator.phrases import count
from generator.problems import Problem
from generator.taxonomy import TAXONOMY, load_taxonomy
from generator.validate import STALE_PERIOD, validate_catalogue


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"päivämäärän pitää olla muotoa VVVV-KK-PP, nyt '{text}'") from None


def _today_option(command: argparse.ArgumentParser, meaning: str = "tarkistuspäivä") -> None:
    command.add_argument("--today", type=_date, default=date.today(), help=f"{meaning} (oletus: tänään)")


def _format_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--format",
        choices=["text", "github"],
        default=None,
        help="tulosteen muoto (GitHub Actionsissa oletus on github)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tarjotin", description="Hyvinvointitarjottimen työkalu.")
    parser.add_argument("--root", type=Path, default=Path(), help="tarjottimen kansio (oletus: nykyinen)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="KOMENTO")

    check = commands.add_parser("validate", help="tarkista järjestöjen ja tarjonnan tiedostot")
    _format_option(check)
    check.add_argument("--strict", action="store_true", help="myös varoitukset ovat virheitä")
    _today_option(check)

    new = commands.add_parser("new", help="luo uuden tiedoston mallipohjasta")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="LAJI")
    organisation = kinds.add_parser("organisation", help="uusi järjestö")
    organisation.add_argument("id", help="järjestön tunnus, esim. esimerkki-ry")
    offer = kinds.add_parser("offer", help="uusi tarjonta")
    offer.add_argument("organisation", help="järjestön tunnus")
    offer.add_argument("id", help="tarjonnan tunnus, esim. omaisten-ryhma")

    commands.add_parser("schema", help="kirjoita JSON-skeemat kansioon site_config/schema/")

    site = commands.add_parser("build", help="tarkista luettelo ja rakenna sivusto kansioon site/")
    _today_option(site, "rakennuspäivä")
    site.add_argument("--site-dir", type=Path, default=None, help="kohdekansio (oletus: site/)")
    site.add_argument(
        "--zip", action="store_true", help="lisää sivustolle offline-versio zip-tiedostona (tarvitsee 'npm ci')"
    )

    owner_file = commands.add_parser("owners", help="kirjoita .github/CODEOWNERS kuraattoreista")
    owner_file.add_argument(
        "--check", action="store_true", help="älä kirjoita; virhe, jos tiedosto ei ole ajan tasalla"
    )

    ownership = commands.add_parser(
        "check-owner", help="tarkista, että muutoksen tekijä ylläpitää muuttamiensa järjestöjen tiedostoja"
    )
    ownership.add_argument(
        "--author", required=True, type=lambda name: name.removeprefix("@"), help="muutoksen tekijän GitHub-tunnus"
    )
    ownership.add_argument("--base", required=True, help="versio, johon muutosta verrataan, esim. origin/main")
    _format_option(ownership)

    form = commands.add_parser("from-issue", help="tee tarjontatiedosto GitHubin lomaketiketistä")
    form.add_argument("body", type=Path, help="tiedosto, jossa on tiketin teksti")
    form.add_argument("--author", required=True, help="tiketin tekijän GitHub-tunnus")
    form.add_argument("--issue", type=int, required=True, help="tiketin numero")
    form.add_argument(
        "--message",
        type=Path,
        required=True,
        metavar="TIEDOSTO",
        help="tähän kirjoitetaan pull requestin kuvaus tai, jos korjattavaa on, kommentti tikettiin",
    )
    form.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="KANSIO",
        help="kansio, johon tarjontatiedosto kirjoitetaan polkuunsa catalogue/... (oletus: tarjottimen kansio)",
    )
    _today_option(form)

    stale_list = commands.add_parser("report", help=f"luettele yli {STALE_PERIOD} sitten tarkistetut tiedot")
    _today_option(stale_list)
    stale_list.add_argument(
        "--markdown",
        type=Path,
        default=None,
        metavar="TIEDOSTO",
        help="kirjoita raportti myös GitHub-tiketiksi tähän tiedostoon (vain, jos tarkistettavaa on)",
    )

    data = commands.add_parser("export", help="kirjoita avoin data kansioon rakentamatta sivustoa")
    data.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=list(opendata.EXPORTERS),
        help="muoto; toista valitaksesi useita (oletus: kaikki)",
    )
    _today_option(data, "päivä, jolta seuraavat kerrat lasketaan")
    data.add_argument("outdir", type=Path, help="kohdekansio")

    preview = commands.add_parser("serve", help="esikatsele sivustoa; päivittyy, kun tiedostot muuttuvat")
    preview.add_argument("--dev-addr", default="127.0.0.1:8000", help="osoite ja portti (oletus: 127.0.0.1:8000)")
    return parser


def _print_problems(problems: list[Problem], fmt: str | None, heading: str) -> None:
    """Print each problem; under GitHub Actions also append a table of them all to the job summary."""
    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    for problem in problems:
        print(report.format_github(problem) if fmt == "github" else report.format_text(problem))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file and problems:
        with open(summary_file, "a", encoding="utf-8") as summary:
            summary.write(f"### {heading}: {report.count_line(problems)}\n\n")
            summary.write(report.summary_table(problems))


def _validate(args: argparse.Namespace) -> int:
    taxonomy = load_taxonomy(args.root / TAXONOMY)
    result = validate_catalogue(args.root, taxonomy, args.today)
    _print_problems(result.problems, args.format, "Tarkistus")
    failed = bool(result.errors) or (args.strict and bool(result.warnings))
    if failed:
        print(report.count_line(result.problems))
        return 1
    catalogue = result.catalogue
    print(
        f"Kunnossa: {count(len(catalogue.organisations), 'järjestö', 'järjestöä')}, "
        f"{count(len(catalogue.offers), 'tarjonta', 'tarjontaa')}, {count(len(result.warnings), 'varoitus', 'varoitusta')}"
    )
    return 0


def _owners(args: argparse.Namespace) -> int:
    current = owners.write_codeowners(args.root, check=args.check)
    if current:
        print(f"{owners.CODEOWNERS} on ajan tasalla")
        return 0
    if not args.check:
        print(f"Kirjoitettu {owners.CODEOWNERS}")
        return 0
    print(
        f"{owners.CODEOWNERS} ei vastaa kuraattoreiden luetteloa: aja tarjotin owners "
        "ja lisää muuttunut tiedosto samaan muutokseen"
    )
    return 1


def _check_owner(args: argparse.Namespace) -> int:
    problems = owners.check_changes(args.root, args.author, args.base)
    _print_problems(problems, args.format, "Muutosoikeudet")
    if any(problem.is_error for problem in problems):
        print(report.count_line(problems))
        return 1
    print(f"Kunnossa: @{args.author} saa muuttaa kaikkia muuttamiaan tiedostoja")
    return 0


def _from_issue(args: argparse.Namespace) -> int:
    try:
        body = args.body.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"tiketin teksti {args.body} ei ole UTF-8-muodossa") from None
    outcome = from_issue.run(args.root, body, args.author, args.today)
    from_issue.write(outcome, args.issue, args.output or args.root, args.message)
    if outcome.failure:
        print(f"tarjotin: {outcome.failure}", file=sys.stderr)
        return 1
    for problem in outcome.problems:
        print(problem)
    if outcome.problems:
        return 1
    print(f"Kirjoitettu {outcome.path}")
    return 0


def _report(args: argparse.Namespace) -> int:
    result = validate_catalogue(args.root, load_taxonomy(args.root / TAXONOMY), args.today)
    groups = stale.stale_files(result)
    print(stale.as_text(groups), end="")
    if args.markdown and groups:
        args.markdown.write_text(stale.as_markdown(groups, args.today), encoding="utf-8")
    return 0


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return _validate(args)
    if args.command == "new":
        today = date.today()
        if args.kind == "organisation":
            written = scaffold.new_organisation(args.root, args.id, today)
        else:
            written = scaffold.new_offer(args.root, args.organisation, args.id, today)
        print(f"Luotu {written.relative_to(args.root)}: täytä kentät ja aja 'tarjotin validate'.")
        return 0
    if args.command == "build":
        built = build.build(args.root, args.today, args.site_dir, with_offline_zip=args.zip)
        root = args.root.resolve()
        print(f"Sivusto rakennettu kansioon {built.relative_to(root) if built.is_relative_to(root) else built}")
        return 0
    if args.command == "export":
        formats = tuple(args.formats or opendata.EXPORTERS)
        exported = build.export(args.root, args.today, formats, args.outdir)
        print(f"Kirjoitettu {count(len(exported), 'tiedosto', 'tiedostoa')} kansioon {args.outdir}")
        return 0
    if args.command == "serve":
        build.serve(args.root, date.today(), args.dev_addr)
        return 0
    if args.command == "owners":
        return _owners(args)
    if args.command == "check-owner":
        return _check_owner(args)
    if args.command == "report":
        return _report(args)
    if args.command == "from-issue":
        return _from_issue(args)
    taxonomy = load_taxonomy(args.root / TAXONOMY)
    for path in schema.write_schemas(args.root, taxonomy):
        print(f"Kirjoitettu {path.relative_to(args.root)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = _parser().parse_args(argv)
    # Warnings of the build and mkdocs's own messages go to stderr; the preview also says what it serves.
    logging.basicConfig(format="%(message)s", level=logging.INFO if args.command == "serve" else logging.WARNING)
    try:
        return _run(args)
    except UsageError as error:
        print(f"tarjotin: {error.message}", file=sys.stderr)
        return 2
    except OSError as error:  # a file or folder that cannot be read or written, such as one named on the command line
        print(f"tarjotin: {os_error_text(error)}", file=sys.stderr)
        return 2
    except TarjotinError as error:
        for problem in error.problems:
            print(report.format_text(problem), file=sys.stderr)
        print(f"tarjotin: {error.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
