"""MkDocs hook: translates MkDocs events into calls of the ``factsheets`` package, nothing else.

Data is loaded and checked in ``on_config``, before MkDocs cleans ``site_dir``: bad data stops
the build with every problem listed, and the previous site stays as it was.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from factsheets import DataError
from factsheets.render import fold_whitespace
from factsheets.service import BuildCache, cache_dir_for, data_dir_for, data_epoch
from factsheets.site import MarkerError, expand_markers

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger("factsheets")
_cache = BuildCache()  # survives rebuilds of one `mkdocs serve`


_OWN_EPOCH = "SOURCE_DATE_EPOCH" not in os.environ  # a date given by the user wins


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        result = _cache.site_for(
            data_dir_for(config.config_file_path),
            use_directory_urls=config.use_directory_urls,
            site_url=config.site_url or "",
            cache_dir=cache_dir_for(config.config_file_path),
        )
    except DataError as exc:
        raise PluginError(str(exc)) from None
    for problem in result.dataset.warnings:
        log.warning(str(problem))
    log.info(str(result.site.chart_stats))
    if _OWN_EPOCH:
        # Dates MkDocs writes (sitemap) come from the data, so equal data builds equal bytes.
        os.environ["SOURCE_DATE_EPOCH"] = str(data_epoch(result.dataset))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in _cache.current.site.all_files().items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        if isinstance(content, Path):  # a chart image in the cache: copied, not held in memory
            files.append(File.generated(config, path, abs_src_path=str(content)))
        else:
            files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by:
        return markdown
    try:
        return expand_markers(
            markdown, page.file.src_uri, _cache.current.site, path_label=f"docs/{page.file.src_uri}"
        )
    except MarkerError as exc:
        raise PluginError(str(exc)) from None


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return fold_whitespace(output)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
    server.watch(str(data_dir_for(config.config_file_path)))
    return server
