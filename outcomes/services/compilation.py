"""Compiling the sessions' key messages into a statement's next version.

The organisers pick key messages of accepted reports and the section each goes into; the new
version is the latest text with each message added as a list item at the end of its section,
in every language the text has, and a source row per message so the text traces back to the
session and its report.
"""

import re
from collections.abc import Sequence

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forum.content import LANGUAGE_NOTES, pick, texts_of
from forum.locking import lock, lock_one
from outcomes.enums import EDITABLE_STATES
from outcomes.models import Statement, StatementSource, StatementVersion
from outcomes.selectors.sources import anchor_language, flat, sourced_message_ids
from outcomes.services import OutcomeError
from outcomes.services.statements import version_add
from outcomes.text import FENCE, HEADING, sections_split
from sessions.enums import ReportState
from sessions.models import ReportMessage, SessionReport

# The target of a message that goes into a new section at the end of the text.
NEW_SECTION = ""
BULLET_ITEM = re.compile(r"^\s*[-*+]\s")


def _spans(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges [start, end) of the sections ``sections_split`` finds, in its order."""
    spans, start, titled, in_fence = [], 0, False, False

    def close(end: int) -> None:
        if titled or any(line.strip() for line in lines[start:end]):
            spans.append((start, end))

    for number, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and HEADING.match(line):
            close(number)
            start, titled = number, True
    close(len(lines))
    return spans


def _item(message: ReportMessage, language: str, languages: Sequence[str]) -> str:
    """The message as one list item in ``language``; another language's text says which."""
    text = pick(texts_of(message, "text"), requested=language, languages=languages)
    item = f"- {flat(text)}"
    if text.is_fallback:
        with translation.override(language):
            item += f" *({LANGUAGE_NOTES[text.lang]})*"
    return item


def _append(lines: list[str], end: int, item: str) -> list[str]:
    """``lines`` with ``item`` after the last written line before ``end``: in the bulleted
    list that ends there, else as a new list after a blank line (a bullet written straight
    after a numbered list would read as the last number's words)."""
    last = end
    while last > 0 and not lines[last - 1].strip():
        last -= 1
    if last > 0 and BULLET_ITEM.match(lines[last - 1]):
        return [*lines[:last], item, *lines[last:]]
    return [*lines[:last], "", item, *lines[last:]]


def _compiled(
    text: str,
    *,
    items: list[tuple[int | None, str]],
    new_heading: str,
    main_sections: list[str],
) -> str:
    """``text`` with each (section position, item) added; position None: the new section."""
    lines = text.splitlines()
    new_items = []
    for position, item in items:
        if position is None:
            new_items.append(item)
            continue
        spans = _spans(lines)
        if position < len(spans):
            lines = _append(lines, spans[position][1], item)
        else:
            # A translation without that section yet: it gets one, titled as in the anchor
            # language, for the translators to complete.
            lines = [*lines, "", f"## {main_sections[position]}", "", item]
    if new_items:
        lines = [*lines, "", f"## {new_heading}", "", *new_items]
    return "\n".join(lines).strip() + "\n"


@transaction.atomic
def statement_compile(
    *,
    statement: Statement,
    picks: list[tuple[ReportMessage, str]],
    new_section_title: str = "",
    user,
    note: str = "",
) -> StatementVersion:
    """The next version with each picked key message (message, section anchor or
    ``NEW_SECTION``) at the end of its section in every language of the text, and one
    source per message. Messages already compiled into the latest version are left out."""
    locked = lock_one(Statement.objects.select_related("event"), statement.pk)
    if locked.state not in EDITABLE_STATES:
        raise OutcomeError(
            _("The statement is %(state)s: its text can no longer change.")
            % {"state": locked.get_state_display().lower()},
            "state",
        )
    event = locked.event
    previous = locked.versions.order_by("-number").first()
    already = sourced_message_ids(version=previous)
    wanted: dict[int, str] = {}
    for message, section in picks:
        if message.pk not in already:
            wanted.setdefault(message.pk, section)
    if not wanted:
        raise OutcomeError(_("Pick at least one key message that is not in the text yet."), "empty")
    messages = {
        m.pk: m
        for m in ReportMessage.objects.filter(pk__in=wanted).select_related("report__session")
    }
    if len(messages) != len(wanted) or any(
        m.report.session.event_id != event.pk for m in messages.values()
    ):
        raise OutcomeError(_("A key message picked belongs to another event."), "other_event")
    # The reports are locked after the statement, so none goes back to draft meanwhile.
    reports = lock(SessionReport, *{m.report_id for m in messages.values()})
    if any(report.state != ReportState.ACCEPTED for report in reports):
        raise OutcomeError(
            _("Only key messages of accepted reports can go into the statement."), "not_accepted"
        )
    main = anchor_language(version=previous, languages=event.languages)
    sections = sections_split(previous.text(main))
    anchors = [section.anchor for section in sections]
    heading = flat(new_section_title)
    if any(section == NEW_SECTION for section in wanted.values()) and not heading:
        raise OutcomeError(_("Give the new section a heading."), "empty")
    if any(section not in (*anchors, NEW_SECTION) for section in wanted.values()):
        raise OutcomeError(
            _("A section picked is no longer in the text: reload the page."), "section"
        )
    ordered = [(messages[pk], section) for pk, section in wanted.items()]
    texts = {}
    for language in previous.languages:
        items = [
            (
                None if section == NEW_SECTION else anchors.index(section),
                _item(message, language, event.languages),
            )
            for message, section in ordered
        ]
        texts[language] = _compiled(
            previous.text(language),
            items=items,
            new_heading=heading,
            main_sections=[section.title for section in sections],
        )
    version = version_add(
        statement=locked, previous=previous, texts=texts, user=user, note=note or _note(ordered)
    )
    new_anchor = sections_split(version.text(main))[-1].anchor if heading else ""
    StatementSource.objects.bulk_create(
        StatementSource(
            version=version,
            message=message,
            section=new_anchor if section == NEW_SECTION else section,
        )
        for message, section in ordered
    )
    return version


def _note(picked: list) -> str:
    sessions = sorted({message.report.session.code for message, _section in picked})
    return (gettext("Key messages of %(sessions)s") % {"sessions": ", ".join(sessions)})[:300]
