"""Command line: check a data folder, or write the whole docs folder as plain files.

python -m factsheets check [DATA_DIR] [--languages es] [--require-translations]
python -m factsheets build-pages --data DIR --out DIR [--docs DIR] [--language es]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .i18n import LOCALES
from .problems import DataError
from .service import BuildCache
from .site import MarkerError, write_docs
from .translate import DATA_LANGUAGE, coverage
from .validate import load_dataset


def _check(args: argparse.Namespace) -> int:
    try:
        ds = load_dataset(Path(args.data_dir))
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        errors = sum(p.severity == "error" for p in exc.problems)
        print(f"{errors} error{'s' if errors != 1 else ''} — nothing was built.", file=sys.stderr)
        return 1
    for problem in ds.warnings:
        print(f"warning: {problem}", file=sys.stderr)
    untranslated = 0
    for language in args.languages:
        found = coverage(ds, language)
        untranslated += len(found.missing)
        kind = "error" if args.require_translations else "warning"
        for item in found.missing:
            print(f"{kind}: {item}: no '{language}' translation yet", file=sys.stderr)
        print(
            f"translations '{language}': {found.done} of {found.total} texts "
            f"({found.percent:.0f}%)" + (f", {len(found.missing)} missing" if found.missing else "")
        )
    if untranslated and args.require_translations:
        print(f"{untranslated} texts lack a translation — nothing was built.", file=sys.stderr)
        return 1
    print(
        f"{args.data_dir}: OK — {len(ds.countries)} countries, {len(ds.cities)} cities, "
        f"{len(ds.indicators)} indicators, {len(ds.observations)} observations, "
        f"{len(ds.programs)} programs, {len(ds.sources)} sources"
        + (f", {len(ds.warnings)} warnings" if ds.warnings else "")
    )
    return 0


def _build_pages(args: argparse.Namespace) -> int:
    cache = BuildCache()
    try:
        built = cache.site_for(
            Path(args.data),
            use_directory_urls=not args.no_directory_urls,
            site_url=args.site_url,
            cache_dir=Path(args.cache).resolve() if args.cache else None,
            language=args.language,
        )
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    site = built.site
    print(site.stats())
    out = Path(args.out)
    try:
        count = write_docs(site, Path(args.docs), out)
    except MarkerError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {count} files ({len(site.pages)} generated pages) to {out}")
    return 0


def _schemas(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m factsheets",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check a data folder without building")
    check.add_argument("data_dir", nargs="?", default="data")
    check.add_argument(
        "--languages",
        nargs="+",
        default=[code for code in LOCALES if code != DATA_LANGUAGE],
        help="languages whose translations to count (default: every language of the site)",
    )
    check.add_argument(
        "--require-translations",
        action="store_true",
        help="a missing translation is an error, not a warning",
    )
    check.set_defaults(run=_check)
    pages = sub.add_parser("build-pages", help="write hand-written and generated pages to a folder")
    pages.add_argument("--data", default="data", help="data folder (default: data)")
    pages.add_argument("--docs", default="docs", help="hand-written pages (default: docs)")
    pages.add_argument("--out", required=True, help="folder to write (replaced if it exists)")
    pages.add_argument(
        "--no-directory-urls",
        action="store_true",
        help="links as page.html instead of page/ (use_directory_urls: false)",
    )
    pages.add_argument("--site-url", default="", help="published address, for printed pages")
    pages.add_argument("--cache", default=".cache/charts", help="chart SVG cache ('' for none)")
    pages.add_argument(
        "--language",
        default=DATA_LANGUAGE,
        choices=sorted(LOCALES),
        help="language of the pages (default: en); hand-written pages from DOCS/<language>/",
    )
    pages.set_defaults(run=_build_pages)
    schemas = sub.add_parser("schemas", help="write the JSON Schema of every YAML data file")
    schemas.add_argument("--out", default="data/schemas", help="folder (default: data/schemas)")
    schemas.set_defaults(run=_schemas)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
