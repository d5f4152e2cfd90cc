"""How the site names its sources: what a document is, and whose data it cites — never a guessed
author or publisher."""

from __future__ import annotations

from .i18n import gettext
from .models import Source


def source_kind(kind: str) -> str:
    """What a document is, as a reader reads it ('Article', 'Fact sheet')."""
    kinds = {
        "article": gettext("Article"),
        "fact sheet": gettext("Fact sheet"),
        "project page": gettext("Project page"),
        "report": gettext("Report"),
        "web page": gettext("Web page"),
        "dataset": gettext("Dataset"),
    }
    return kinds.get(kind, kind)


def source_name(source: Source) -> str:
    """A source in a few words, as tables and captions name it: its publisher, or what it is
    and whose data it cites, or its headline — never a guessed author or publisher."""
    if source.publisher:
        return source.publisher
    if source.cites:
        return gettext(
            "%(kind)s citing %(outlet)s data", kind=source_kind(source.kind), outlet=source.cites
        )
    if source.title:
        return gettext("“%(title)s”", title=source.title)
    return source_kind(source.kind)


def source_label(source: Source) -> str:
    """A source with its headline, for chart captions: 'USAID, “Mexico: …”'."""
    name = source_name(source)
    if source.title and (source.publisher or source.cites):
        return gettext("%(name)s, “%(title)s”", name=name, title=source.title)
    return name
