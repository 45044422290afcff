"""Where a statement's text comes from: the session reports whose key messages the organisers
compiled into it, and the accepted reports they may still compile.

A source names its section by the anchor of the version's *anchor language* (its first text in
the event's working languages). Pages in another language find each source's section there by
the message's words (any of its languages, in that text), else by the section's position.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from events.enums import WORKING_LANGUAGES
from events.models import Event
from forum.content import Text, pick, texts_of
from outcomes.models import StatementSource, StatementVersion
from outcomes.text import Section, sections_split
from sessions.selectors.joining import published_session_codes


def flat(text: str) -> str:
    """``text`` with every run of white space made one space: how a message is written as one
    list item, and how it is found again in a text."""
    return " ".join((text or "").split())


def anchor_language(*, version: StatementVersion, languages: Iterable[str]) -> str:
    """The language whose section anchors name the version's sources."""
    for code in (*languages, *WORKING_LANGUAGES):
        if code in WORKING_LANGUAGES and version.text(code).strip():
            return code
    return WORKING_LANGUAGES[0]


def section_containing(sections: list[Section], texts: Iterable[str]) -> str | None:
    """The anchor of the first section whose words hold one of ``texts``; None if none does."""
    wanted = [flat(t) for t in texts if flat(t)]
    for section in sections:
        body = flat(section.body)
        if any(text in body for text in wanted):
            return section.anchor
    return None


def sourced_message_ids(*, version: StatementVersion | None) -> set[int]:
    """Key messages already compiled into ``version`` (one query)."""
    if version is None:
        return set()
    return set(version.sources.values_list("message_id", flat=True))


@dataclass(frozen=True)
class SourceRow:
    """One session whose report a section draws on."""

    code: str
    title: Text
    in_programme: bool  # the public session page exists
    report_published: bool


def _sources(version: StatementVersion) -> QuerySet[StatementSource]:
    return (
        StatementSource.objects.filter(version=version)
        .select_related("message__report__session")
        .order_by("message__report__session__start", "message__report__session__code", "pk")
    )


def sources_by_section(
    *,
    version: StatementVersion,
    language: str | None = None,
    event: Event | None = None,
    published_only: bool = False,
    title_language: str | None = None,
) -> dict[str, list[SourceRow]]:
    """Section anchor (of ``language``'s text, by default the anchor language's) -> the
    sessions its compiled key messages come from, each once; with ``published_only``, only
    sessions of the published programme (a draft session's title is not public). The
    sessions' titles are for a reader of ``title_language`` (by default the text's language).
    Two queries (one without sources).
    """
    event = event or version.statement.event
    sources = list(_sources(version))
    if not sources:
        return {}
    main = anchor_language(version=version, languages=event.languages)
    language = language if language and version.text(language).strip() else main
    main_anchors = [s.anchor for s in sections_split(version.text(main))]
    sections = sections_split(version.text(language))
    anchors = [s.anchor for s in sections]
    codes = set(published_session_codes(event_id=event.pk, cancelled=True))
    result: dict[str, list[SourceRow]] = {}
    seen: set[tuple[str, str]] = set()
    for source in sources:
        message = source.message
        anchor = section_containing(sections, texts_of(message, "text").values())
        if anchor is None:
            position = main_anchors.index(source.section) if source.section in main_anchors else -1
            anchor = anchors[position] if 0 <= position < len(anchors) else anchors[-1]
        session = message.report.session
        if published_only and session.code not in codes:
            continue
        if (anchor, session.code) in seen:
            continue
        seen.add((anchor, session.code))
        result.setdefault(anchor, []).append(
            SourceRow(
                code=session.code,
                title=pick(
                    texts_of(session, "title"),
                    requested=title_language or language,
                    languages=event.languages,
                ),
                in_programme=session.code in codes,
                report_published=message.report.is_public,
            )
        )
    return result
