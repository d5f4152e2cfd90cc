"""MkDocs hook: translates MkDocs events into calls of the ``factsheets`` package, nothing else.

Data is loaded and checked in ``on_config``, before MkDocs cleans ``site_dir``: bad data stops
the build with every problem listed, and the previous site stays as it was. ``mkdocs build``
writes into a folder beside the site and swaps it in only when complete (``publish``);
``mkdocs serve`` keeps serving the last good site, with the data's errors shown on every page.

Languages: the configuration's ``theme.language`` is the language of its pages. After it is
built, every other language in ``extra.alternate`` that names a ``config`` file (a
configuration that ``INHERIT``s this one) is built with MkDocs' own ``build()`` into a folder
of the site (``link``, e.g. ``es/``), before the whole site is swapped in. The same hook module
serves every language, so its state is kept per language.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

from factsheets import DataError
from factsheets.i18n import DEFAULT_LANGUAGE
from factsheets.publish import staging_dir, swap_in, with_error_banner
from factsheets.render import fold_whitespace
from factsheets.routes import language_alternates
from factsheets.service import BuildCache, cache_dir_for, data_dir_for, data_epoch
from factsheets.site import MarkerError, expand_markers
from factsheets.store import CacheGone

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger("factsheets")
_OWN_EPOCH = "SOURCE_DATE_EPOCH" not in os.environ  # a date given by the user wins


@dataclass
class _Mode:
    """How MkDocs was started (``serve``, ``--dirty``): the same for every language."""

    serving: bool = False
    dirty: bool = False


@dataclass
class _Run:
    """What the build of one language is doing, kept between its events."""

    #: Where the finished site goes; set when the build writes into a staging folder first.
    site_dir: Path | None = None
    #: The data's errors, shown on every page while ``serve`` keeps the last good site.
    error: str | None = None
    #: Built inside another language's build, into a folder of its site.
    nested: bool = False


_mode = _Mode()
#: Per language: the built site (survives rebuilds of one `mkdocs serve`) and this build's state.
_caches: dict[str, BuildCache] = {}
_runs: dict[str, _Run] = {}
_cache_notes: set[str] = set()  # cache problems already reported by this process
#: Languages being built, innermost last: the primary build's, then one nested at a time.
_building: list[str] = []


def _language(config: MkDocsConfig) -> str:
    code = str(config.theme["language"] or DEFAULT_LANGUAGE)
    return code.split("-")[0].split("_")[0]


def _state(config: MkDocsConfig) -> tuple[str, BuildCache, _Run]:
    lang = _language(config)
    return lang, _caches.setdefault(lang, BuildCache()), _runs.setdefault(lang, _Run())


class CachedFile(File):
    """A generated file kept in the cache folder: if the folder is deleted while MkDocs still
    copies from it, the build stops with a message (the previous site stays as it was)."""

    def copy_file(self, dirty: bool = False) -> None:
        try:
            super().copy_file(dirty)
        except FileNotFoundError:
            raise PluginError(_gone(self)) from None

    @property
    def content_string(self) -> str:
        try:
            return super().content_string
        except FileNotFoundError:
            raise PluginError(_gone(self)) from None

    @content_string.setter
    def content_string(self, value: str) -> None:
        # mypy does not model the property object read from the class (fset).
        File.content_string.fset(self, value)  # type: ignore[attr-defined]


def _gone(file: File) -> str:
    return (
        f"{file.abs_src_path}: the cache folder was deleted during the build, so "
        f"{file.src_uri} cannot be copied — fix: run the build again (the site was not changed)"
    )


def on_startup(command: str, dirty: bool) -> None:
    _mode.serving, _mode.dirty = command == "serve", dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    lang, _cache, _run = _state(config)
    _run.nested = bool(_building) and _building[-1] != lang
    if _run.nested or not _building:
        _building.append(lang)
    try:
        result = _cache.site_for(
            data_dir_for(config.config_file_path),
            use_directory_urls=config.use_directory_urls,
            site_url=config.site_url or "",
            cache_dir=cache_dir_for(config.config_file_path),
            language=lang,
        )
        _run.error = None
    except CacheGone as exc:
        raise PluginError(str(exc)) from None
    except DataError as exc:
        if not _mode.serving:
            raise PluginError(str(exc)) from None
        # A stopped build would leave `serve` stuck: it serves the last good site (at first,
        # the hand-written pages alone) with the errors shown, until the data is fixed.
        _run.error = str(exc)
        log.error(f"{exc}\nServing the last good site until the data is fixed.")
        if not _cache.has_site:
            return config
        result = _cache.current
    for problem in result.dataset.warnings:
        log.warning(str(problem))
    for note in result.cache_problems:
        if note not in _cache_notes:  # one warning, not one per language
            _cache_notes.add(note)
            log.warning(note)
    log.info(str(result.site.chart_stats))
    if _OWN_EPOCH:
        # Dates MkDocs writes (sitemap) come from the data, so equal data builds equal bytes.
        os.environ["SOURCE_DATE_EPOCH"] = str(data_epoch(result.dataset))
    if not (_mode.serving or _mode.dirty or _run.nested):
        _run.site_dir = Path(config.site_dir)
        config.site_dir = str(staging_dir(Path(config.site_dir)))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang, _cache, _run = _state(config)
    files = _own_language_pages(files, config, lang)
    if not _cache.has_site:
        return files
    for path, content in _cache.current.site.all_files().items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        if isinstance(content, Path):  # a chart image in the cache: copied, not held in memory
            files.append(CachedFile.generated(config, path, abs_src_path=str(content)))
        else:
            files.append(File.generated(config, path, content=content))
    return files


def _own_language_pages(files: Files, config: MkDocsConfig, lang: str) -> Files:
    """A hand-written page in another language than the default comes from ``docs/<lang>/``
    (same name); a page not written yet in that language stays in the default one."""
    own = Path(config.docs_dir) / lang
    if lang == DEFAULT_LANGUAGE or not own.is_dir():
        return files
    for file in list(files.documentation_pages()):
        if file.generated_by or not (own / file.src_uri).is_file():
            continue
        files.remove(file)
        files.append(File(file.src_uri, str(own), config.site_dir, config.use_directory_urls))
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # The theme's <link rel="alternate" hreflang> lead to this same page in each language.
    def alternates(base_url: str, page_url: str) -> list[tuple[str, str]]:
        return language_alternates(
            config.extra.get("alternate"),
            config.site_url or "",
            base_url,
            page_url,
            DEFAULT_LANGUAGE,
        )

    env.globals["fs_alternates"] = alternates
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang, _cache, _run = _state(config)
    if page.file.generated_by or not _cache.has_site:
        return markdown
    try:
        return expand_markers(
            markdown, page.file.src_uri, _cache.current.site, path_label=f"docs/{page.file.src_uri}"
        )
    except MarkerError as exc:
        if not _mode.serving:
            raise PluginError(str(exc)) from None
        log.error(str(exc))  # a stopped build would leave `serve` stuck: show it on the page
        return f'!!! failure "This page has an error"\n    {exc}\n\n{markdown}'


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _run = _state(config)[2]
    output = fold_whitespace(output)
    return with_error_banner(output, _run.error) if _run.error else output


def on_post_build(config: MkDocsConfig) -> None:
    lang, _cache, _run = _state(config)
    if _run.nested:
        _building.pop()
        return
    try:
        _build_other_languages(config, lang)
    finally:
        _building.clear()
    final = _run.site_dir
    if final is None:
        return
    # --strict turns warnings into a failed build right after this event: such a site is not
    # published either.
    counted = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    if config.strict and any(h.get_counts() for h in counted):
        return
    swap_in(Path(config.site_dir), final)
    config.site_dir = str(final)
    log.info(f"Site complete; it replaced the previous one in {final}")


def _build_other_languages(config: MkDocsConfig, lang: str) -> None:
    """Build each other language of ``extra.alternate`` with its own configuration into its
    folder of this site, while this site is still being built (so it is swapped in whole)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    for alt in config.extra.get("alternate") or []:
        if not isinstance(alt, dict) or not alt.get("config") or alt.get("lang") == lang:
            continue
        folder = str(alt.get("link", alt["lang"])).strip("/")
        other = load_config(
            str(base / alt["config"]),
            site_dir=str(Path(config.site_dir) / folder),
            site_url=(config.site_url.rstrip("/") + "/" + folder + "/") if config.site_url else "",
            strict=config.strict,
            use_directory_urls=config.use_directory_urls,
        )
        log.info(f"Building the '{alt['lang']}' pages into {other.site_dir}")
        build(other, dirty=_mode.dirty)


def on_build_error(error: Exception) -> None:
    if len(_building) > 1:  # another language failed: the primary build stops and cleans up
        _building.pop()
        return
    primary = _building[0] if _building else DEFAULT_LANGUAGE
    _building.clear()
    run = _runs.get(primary)
    final = run.site_dir if run is not None else None
    if final is not None:
        shutil.rmtree(staging_dir(final), ignore_errors=True)


def on_serve(
    server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]
) -> LiveReloadServer:
    for alt in config.extra.get("alternate") or []:
        if isinstance(alt, dict) and alt.get("config"):
            server.watch(str(Path(config.docs_dir) / str(alt.get("lang", ""))))
    server.watch(str(data_dir_for(config.config_file_path)))
    return server
