"""MkDocs hook: translates MkDocs events into calls of the ``factsheets`` package, nothing else.

Data is loaded and checked in ``on_config``, before MkDocs cleans ``site_dir``: bad data stops
the build with every problem listed, and the previous site stays as it was. ``mkdocs build``
writes into a folder beside the site and swaps it in only when complete (``publish``);
``mkdocs serve`` keeps serving the last good site, with the data's errors shown on every page.

Languages: the configuration's ``theme.language`` is the language of its pages. After it is
built, every other language in ``extra.alternate`` that names a ``config`` file (a
configuration that ``INHERIT``s this one) is built with MkDocs' own ``build()`` into a folder
of the site (``link``, e.g. ``es/``), before the whole site is swapped in; a server builds them
in a pass of its own, after it shows the first (``serving``). State is kept per language. A
server sets what it holds aside from the garbage collector after each build.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from factsheets import DataError, preview, rawblocks, runstate, service, serving
from factsheets.i18n import DEFAULT_LANGUAGE
from factsheets.publish import staging_dir, swap_in, with_error_banner
from factsheets.render import TEMPLATE_CODE, fold_whitespace
from factsheets.routes import language_alternates
from factsheets.site import MarkerError, expand_markers
from factsheets.store import CacheGone, gone

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger("factsheets")
_OWN_EPOCH = "SOURCE_DATE_EPOCH" not in os.environ  # a date given by the user wins

_held = runstate.State()
_mode, _previews, _caches, _runs = _held.mode, _held.previews, _held.caches, _held.runs
_cache_notes, _building = _held.cache_notes, _held.building
_later = serving.OthersLater()  # a server's other languages, built in a pass of their own
_aside = rawblocks.Aside()  # a generated page converts with its HTML blocks set aside


def _language(config: MkDocsConfig) -> str:
    code = str(config.theme["language"] or DEFAULT_LANGUAGE)
    return code.split("-")[0].split("_")[0]


def _state(config: MkDocsConfig) -> tuple[str, service.BuildCache, runstate.Run]:
    lang = _language(config)
    if lang not in _caches:
        _caches[lang] = service.BuildCache(reuse=_mode.serving)
    return lang, _caches[lang], _runs.setdefault(lang, runstate.Run())


class CachedFile(File):
    """A generated file kept in the cache folder: if the folder is deleted while MkDocs still
    copies from it, the build stops with a message (the previous site stays as it was).

    While a server renders only what changed, the file is changed when it comes from another
    cache file than last time (the cache names files by their content), whatever the times."""

    preview: preview.Preview | None = None

    def is_modified(self) -> bool:
        known = self.preview
        if known is None or not known.incremental:
            return super().is_modified()
        return known.changed(self.abs_dest_path, str(self.abs_src_path))

    def copy_file(self, dirty: bool = False) -> None:
        try:
            super().copy_file(dirty)
        except FileNotFoundError:
            raise PluginError(gone(self.abs_src_path, self.src_uri)) from None

    @property
    def content_string(self) -> str:
        try:
            return super().content_string
        except FileNotFoundError:
            raise PluginError(gone(self.abs_src_path, self.src_uri)) from None

    @content_string.setter
    def content_string(self, value: str) -> None:  # mypy: no model of the class's property
        File.content_string.fset(self, value)  # type: ignore[attr-defined]


def on_startup(command: str, dirty: bool) -> None:
    _mode.serving, _mode.dirty = command == "serve", dirty


def _preview(config: MkDocsConfig) -> preview.Preview:
    return _previews.setdefault(_language(config), preview.Preview())


def _patching(config: MkDocsConfig, besides: preview.Others | None = None) -> bool:
    """Whether this rebuild of a running server renders only what the data edit changed (the
    last build finished and nothing but the data changed since it started); remembered for
    the build's events. ``besides``: what the build reads but the data, if known."""
    known = _preview(config)
    now = serving.besides_data(config) if besides is None else besides
    known.incremental = _mode.serving and known.complete and known.others == now
    return known.incremental


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    lang, _cache, _run = _state(config)
    known = _preview(config)
    besides = serving.besides_data(config)
    known.begin(besides)
    _run.nested = bool(_building) and _building[-1] != lang
    if _run.nested or not _building:
        _building.append(lang)
    if _mode.serving and not _run.nested:
        _later.begin(serving.seen(config, besides))
    try:
        result = _cache.site_for(
            service.data_dir_for(config.config_file_path),
            use_directory_urls=config.use_directory_urls,
            site_url=config.site_url or "",
            cache_dir=service.cache_dir_for(config.config_file_path),
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
    # the error banner is on every page: it comes or goes on all of them
    known.force = known.had_error or _run.error is not None
    for problem in result.dataset.warnings:
        log.warning(str(problem))
    for note in result.cache_problems:
        if note not in _cache_notes:  # one warning, not one per language
            _cache_notes.add(note)
            log.warning(note)
    log.info(f"{result.site.stats()} ({known.seconds():.1f} s)")
    if _OWN_EPOCH:
        # Dates MkDocs writes (sitemap) come from the data, so equal data builds equal bytes.
        os.environ["SOURCE_DATE_EPOCH"] = str(service.data_epoch(result.dataset))
    if not (_mode.serving or _mode.dirty or _run.nested):
        _run.site_dir = Path(config.site_dir)
        config.site_dir = str(staging_dir(Path(config.site_dir)))
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    known = _preview(config)
    if known.incremental:
        known.read_index(Path(config.site_dir))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    lang, _cache, _run = _state(config)
    known = _preview(config)
    files = _own_language_pages(files, config, lang)
    if known.incremental:  # a hand-written page with generated parts is always rendered again
        for file in files.documentation_pages():
            if not file.generated_by and _has_markers(file):
                setattr(file, "is_modified", lambda: True)  # noqa: B010 (a method, per file)
    if not _cache.has_site:
        return files
    earlier, known.file_objects = known.file_objects, {}
    # A page's File keeps its Page (address, date): reused only while nothing else changed
    where = (config.site_dir, config.use_directory_urls, os.environ.get("SOURCE_DATE_EPOCH"))
    for path, content in _cache.current.site.all_files().items():
        if (existing := files.src_uris.get(path)) is not None:  # paths are POSIX already
            files.remove(existing)
        if isinstance(content, Path):  # a chart image in the cache: copied, not held in memory
            key = (path, str(content), *where)
            cached = earlier.get(key) if known.incremental or not path.endswith(".md") else None
            if cached is None:
                made = CachedFile.generated(config, path, abs_src_path=str(content))
                assert isinstance(made, CachedFile)
                made.preview = known
                cached = made
            known.file_objects[key] = cached
            known.new_sources[cached.abs_dest_path] = str(content)
            files.append(cached)
        else:
            files.append(File.generated(config, path, content=content))
    return files


def _has_markers(file: File) -> bool:
    try:
        return "factsheets:" in file.content_string
    except (OSError, UnicodeDecodeError):
        return True


def on_page_context(context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
    if (known := _preview(config)).incremental:
        known.rendered.add(page.url)
    return context


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
    env.bytecode_cache = TEMPLATE_CODE  # the theme's templates compiled once per process
    known = _preview(config)
    if known.incremental:  # the order in which MkDocs renders the pages (and indexes them)
        level = InclusionLevel.is_in_serve if not _runs[_language(config)].nested else None
        pages = files.documentation_pages(inclusion=level or InclusionLevel.is_included)
        known.order = [f.page.url for f in pages if f.page is not None]
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:  # its blocks are put back in on_page_content
        return _aside.take(page.file.src_uri, markdown)
    if not (_cache := _state(config)[1]).has_site:
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


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html, again = _aside.give_back(page.file.src_uri, html, page.present_anchor_ids)
    if again is not None:  # a placeholder did not come through as it went in: convert it whole
        page.markdown = again
        page.render(config, files)
        return page.content or ""
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    _run = _state(config)[2]
    page.content = page.markdown = None  # not read once written: at scale, most of the memory
    output = fold_whitespace(output)
    return with_error_banner(output, _run.error) if _run.error else output


def _finish_preview(config: MkDocsConfig) -> None:
    """Complete what rendering only the changed pages left out, and remember this build."""
    known = _preview(config)
    whole = known.whole_index(Path(config.site_dir), serving=_mode.serving)
    if whole is not None:
        (Path(config.site_dir) / preview.SEARCH_INDEX).write_text(whole, "utf-8")
    error = _runs[_language(config)].error is not None
    said = known.finish(serving=_mode.serving, error=error)
    if said:
        log.info(said)


def on_post_build(config: MkDocsConfig) -> None:
    lang, _cache, _run = _state(config)
    _finish_preview(config)
    if _run.nested:
        _building.pop()
        return
    if not _mode.serving:  # written: the next language is built in the memory it held
        _cache.forget()
    if _mode.serving and serving.alternates(config) and _later.defer():
        _building.clear()
        log.info(f"The '{lang}' pages are served; the other languages are built next")
        return
    _other_languages_now(config)
    if (final := _run.site_dir) is None:
        return
    # --strict turns warnings into a failed build right after this event: such a site is not
    # published either.
    counted = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    if config.strict and any(h.get_counts() for h in counted):
        return
    swap_in(Path(config.site_dir), final)
    config.site_dir = str(final)
    log.info(f"Site complete; it replaced the previous one in {final}")


def _other_languages_now(config: MkDocsConfig) -> None:
    """Build the other languages, in the build of the first or in a server's pass of their own."""
    _building[:] = [_language(config)]
    try:
        _build_other_languages(config, _language(config))
    finally:
        _building.clear()
    if _mode.serving:  # its next rebuild's collections look only at what that makes
        service.set_aside_memory()


def _build_other_languages(config: MkDocsConfig, lang: str) -> None:
    """Build each other language of ``extra.alternate`` with its own configuration into its
    folder of this site, while this site is still being built (so it is swapped in whole)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    for alt in serving.alternates(config):
        if alt.get("lang") == lang:
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
        build(other, dirty=_mode.dirty or _patching(other))


def on_build_error(error: Exception) -> None:
    for known in _previews.values():  # the served folder may hold half a site: build it whole
        known.complete = known.incremental = False
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
    for alt in serving.alternates(config):
        server.watch(str(Path(config.docs_dir) / str(alt.get("lang", ""))))
    preview.poll_data_often(server)
    server.watch(str(service.data_dir_for(config.config_file_path)))
    _later.attach(server)
    logging.getLogger("mkdocs.livereload").addFilter(_later.filter)
    _render_changes_only()
    return server


def _render_changes_only() -> None:
    """Rebuilds of the server render only what a data edit changed; no collector runs meanwhile."""
    from mkdocs.commands import build as build_command
    from mkdocs.commands import serve as serve_command

    real = build_command.build
    if getattr(getattr(serve_command, "build"), "factsheets", False):  # noqa: B009
        return

    def build(config: MkDocsConfig, *, serve_url: str | None = None, dirty: bool = False) -> None:
        with service.collector_paused():
            now = serving.seen(config)
            if _later.take(now):  # the first language is built: the others now
                _other_languages_now(config)
            else:
                real(config, serve_url=serve_url, dirty=dirty or _patching(config, now[0]))

    setattr(build, "factsheets", True)  # noqa: B010
    setattr(serve_command, "build", build)  # noqa: B010
    logging.getLogger("mkdocs.commands.build").addFilter(serving.QuietDirty(_previews))
