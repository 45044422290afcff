"""An event's texts out to a translator and back: CSV or XLIFF 1.2 files of translation units.

A unit is one translated field of one row, named ``kind:key:field`` (``session:S12:title``,
``speaker:P3:biography``, ``room:7:name``, ``category:2:description``); sessions and speakers
are keyed by their code, tracks, rooms and categories by their primary key, and the event and
its venue, one row each, by their kind alone (``event:tagline``, ``venue:name``). A unit
carries the text in a source language, for the translator to read, and in a target language,
empty where it is missing.

An import checks the whole file before writing anything: the first error refuses it, naming
its line. It then writes only the targets that are filled and differ from what is stored, one
audit entry per changed row, so re-importing an unchanged export writes nothing.
"""

import csv
import io
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from events.models import AuditAction, Event, Venue
from events.services.audit import audit_diff, audit_record, audit_snapshot
from forum.content import content_write, write_texts
from forum.errors import ServiceError
from forum.locking import lock_one
from forum.spreadsheets import csv_safe, csv_unsafe
from sessions.selectors.translations import KINDS, KINDS_BY_NAME, TranslationKind

logger = logging.getLogger(__name__)

CSV_HEADER = ("id", "source_lang", "source", "target_lang", "target")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
CSV, XLIFF = "csv", "xliff"
MISSING, ALL = "missing", "all"


class TranslationImportError(ServiceError):
    """A translation file was refused; the message names the line at fault."""

    code = "translation_file"


@dataclass(frozen=True)
class Unit:
    """One text to translate: its id, the source text and the target text ("" if missing)."""

    id: str
    source: str
    target: str


def _blank(value) -> bool:
    return value is None or value == ""


def _unit_id(kind: TranslationKind, key, field_name: str) -> str:
    return f"{kind.name}:{field_name}" if kind.single() else f"{kind.name}:{key}:{field_name}"


def _rows(kind: TranslationKind, event: Event, columns: list[str]) -> list[tuple[object, dict]]:
    """(key, {column: value}) for the rows of ``kind`` a translator is given."""
    if kind.model is Event:
        return [(None, {column: getattr(event, column) for column in columns})]
    if kind.model is Venue:
        venue = Venue.objects.filter(pk=event.venue_id).values(*columns).first()
        return [(None, venue)] if venue else []
    return [
        (values.pop(kind.key), values) for values in kind.scope(event).values(kind.key, *columns)
    ]


def translation_units(
    *, event: Event, source_lang: str, target_lang: str, only_missing: bool
) -> list[Unit]:
    """The units of ``event`` whose source text is filled, in a fixed order (kinds, rows,
    fields); with ``only_missing``, only those whose target is blank.

    One query per model, whatever the number of rows or languages.
    """
    units = []
    for kind in KINDS:
        columns = []
        for field_name in kind.fields:
            columns += [kind.column(field_name, source_lang), kind.column(field_name, target_lang)]
        for key, values in _rows(kind, event, list(dict.fromkeys(columns))):
            for field_name in kind.fields:
                source = values[kind.column(field_name, source_lang)]
                target = values[kind.column(field_name, target_lang)]
                if _blank(source) or (only_missing and not _blank(target)):
                    continue
                units.append(Unit(_unit_id(kind, key, field_name), source, target or ""))
    return units


def translations_csv(*, units: Iterable[Unit], source_lang: str, target_lang: str) -> bytes:
    """The units as CSV (``id,source_lang,source,target_lang,target``), UTF-8 with a BOM so
    spreadsheets read the accents right, texts that look like formulas quoted
    (``forum.spreadsheets``; the import takes the quote off again)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for unit in units:
        writer.writerow(
            (unit.id, source_lang, csv_safe(unit.source), target_lang, csv_safe(unit.target))
        )
    return out.getvalue().encode("utf-8-sig")


def translations_xliff(
    *, units: Iterable[Unit], source_lang: str, target_lang: str, original: str
) -> bytes:
    """The units as one XLIFF 1.2 ``<file>`` of plain-text trans-units."""
    root = ET.Element("xliff", {"version": "1.2", "xmlns": XLIFF_NS})
    file = ET.SubElement(
        root,
        "file",
        {
            "source-language": source_lang,
            "target-language": target_lang,
            "datatype": "plaintext",
            "original": original,
        },
    )
    body = ET.SubElement(file, "body")
    for unit in units:
        trans_unit = ET.SubElement(body, "trans-unit", {"id": unit.id})
        ET.SubElement(trans_unit, "source").text = unit.source
        ET.SubElement(trans_unit, "target").text = unit.target
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# --- Import: parse, check, write -----------------------------------------------------------


@dataclass(frozen=True)
class RawUnit:
    """A unit as a file carries it, with the line it starts on."""

    line: int
    id: str
    lang: str
    target: str


@dataclass(frozen=True)
class ImportUnit:
    line: int
    kind: TranslationKind
    key: object
    field: str
    lang: str
    target: str


@dataclass(frozen=True)
class ImportResult:
    rows: int  # rows changed (one audit entry each)
    texts: int  # texts changed


def _refuse(message: str, **values) -> TranslationImportError:
    return TranslationImportError(message % values)


def _parse_csv(data: bytes) -> list[RawUnit]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TranslationImportError(_("The file is not UTF-8 text.")) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None or tuple(column.strip() for column in header) != CSV_HEADER:
            raise _refuse(
                _("Line %(line)d: the header must be “%(header)s”."),
                line=1,
                header=",".join(CSV_HEADER),
            )
        units = []
        end = reader.line_num
        for row in reader:
            line, end = end + 1, reader.line_num  # a quoted text may span several lines
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(row) != len(CSV_HEADER):
                raise _refuse(
                    _("Line %(line)d: expected %(expected)d columns, found %(found)d."),
                    line=line,
                    expected=len(CSV_HEADER),
                    found=len(row),
                )
            unit_id, _source_lang, _source, target_lang, target = row
            units.append(RawUnit(line, unit_id.strip(), target_lang.strip(), csv_unsafe(target)))
    except csv.Error as exc:
        raise _refuse(
            _("Line %(line)d: the CSV cannot be read (%(error)s)."),
            line=reader.line_num,
            error=str(exc),
        ) from exc
    return units


class _LineTreeBuilder(ET.TreeBuilder):
    """A tree builder that records the line each element starts on (``lines[element]``)."""

    def __init__(self):
        super().__init__()
        self.parser: expat.XMLParserType | None = None
        self.lines: dict[ET.Element, int] = {}

    def start(self, tag, attrs):
        element = super().start(tag, attrs)
        self.lines[element] = self.parser.CurrentLineNumber if self.parser else 0
        return element


def _local(tag: str) -> str:
    """A tag without its namespace: ``{urn:…}trans-unit`` -> ``trans-unit``."""
    return tag.rpartition("}")[2]


def _parse_xliff(data: bytes) -> list[RawUnit]:
    builder = _LineTreeBuilder()
    parser = DefusedXMLParser(target=builder)
    builder.parser = parser.parser
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        raise _refuse(
            _("Line %(line)d: the file is not well-formed XML."), line=exc.position[0]
        ) from exc
    except DefusedXmlException as exc:
        raise _refuse(
            _("Line %(line)d: the file declares entities or a document type, which are refused."),
            line=parser.parser.CurrentLineNumber,
        ) from exc
    line = builder.lines.get
    if _local(root.tag) != "xliff" or root.get("version") != "1.2":
        raise _refuse(_("Line %(line)d: expected an XLIFF 1.2 document."), line=line(root, 1))
    units = []
    for file in root:
        if _local(file.tag) != "file":
            continue
        lang = (file.get("target-language") or "").strip()
        if not lang:
            raise _refuse(
                _("Line %(line)d: the file names no target language."), line=line(file, 1)
            )
        for element in file.iter():
            if _local(element.tag) != "trans-unit":
                continue
            unit_id = (element.get("id") or "").strip()
            if not unit_id:
                raise _refuse(_("Line %(line)d: a trans-unit has no id."), line=line(element, 1))
            target = next((c for c in element if _local(c.tag) == "target"), None)
            text = "" if target is None else "".join(target.itertext())
            units.append(RawUnit(line(element, 1), unit_id, lang, text))
    return units


def translations_parse(data: bytes) -> list[RawUnit]:
    """The units of a CSV or XLIFF file (told apart by their first character), or
    ``TranslationImportError`` naming the first line at fault."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise TranslationImportError(_("The file is empty."))
    return _parse_xliff(data) if head.startswith(b"<") else _parse_csv(data)


def _keys_of(kind: TranslationKind, event: Event) -> set[str]:
    """The keys of every row of ``kind`` in ``event`` (cancelled sessions and declined
    speakers too: a row left the programme after the export is still the event's)."""
    if kind.model is Event:
        return {""}
    if kind.model is Venue:
        return {""} if event.venue_id else set()
    rows = kind.model._default_manager.filter(event=event)
    return {str(key) for key in rows.values_list(kind.key, flat=True)}


def _check(event: Event, raw_units: list[RawUnit]) -> list[ImportUnit]:
    """The file's units checked against ``event``, or the first error, in file order."""
    keys: dict[str, set[str]] = {}
    seen: dict[tuple[str, str], int] = {}
    units = []
    for raw in raw_units:
        parts = raw.id.split(":")
        kind = KINDS_BY_NAME.get(parts[0])
        unknown = _refuse(_("Line %(line)d: unknown id “%(id)s”."), line=raw.line, id=raw.id)
        if kind is None or len(parts) != (2 if kind.single() else 3):
            raise unknown
        key, field_name = ("", parts[1]) if kind.single() else (parts[1], parts[2])
        if field_name not in kind.fields:
            raise _refuse(
                _("Line %(line)d: “%(field)s” is not a translatable text (in “%(id)s”)."),
                line=raw.line,
                field=field_name,
                id=raw.id,
            )
        if kind.name not in keys:
            keys[kind.name] = _keys_of(kind, event)
        if key not in keys[kind.name]:
            raise unknown
        if raw.lang not in event.languages:
            raise _refuse(
                _("Line %(line)d: this event is not written in “%(lang)s”."),
                line=raw.line,
                lang=raw.lang,
            )
        limit = kind.max_length(field_name, raw.lang)
        if limit is not None and len(raw.target) > limit:
            raise _refuse(
                _("Line %(line)d: the text is %(length)d characters long; at most %(limit)d fit."),
                line=raw.line,
                length=len(raw.target),
                limit=limit,
            )
        first = seen.setdefault((raw.id, raw.lang), raw.line)
        if first != raw.line:
            raise _refuse(
                _("Line %(line)d: “%(id)s” appears twice (first on line %(first)d)."),
                line=raw.line,
                id=raw.id,
                first=first,
            )
        units.append(ImportUnit(raw.line, kind, key, field_name, raw.lang, raw.target))
    return units


def _objects_of(kind: TranslationKind, event: Event, keys: set) -> dict[str, object]:
    if kind.model is Event:
        return {"": event}
    if kind.model is Venue:
        return {"": Venue.objects.get(pk=event.venue_id)}
    rows = kind.model._default_manager.filter(event=event, **{f"{kind.key}__in": keys})
    return {str(getattr(row, kind.key)): row for row in rows}


def _write(obj, units: list[ImportUnit]) -> tuple[list[str], int]:
    """Set the units' targets that are filled and differ on ``obj`` (``write_texts``: the
    unsuffixed column follows ``mirror_text``). Returns the columns to save (none when no
    text changed) and how many texts changed."""
    changed: dict[str, dict[str, str]] = {}
    for unit in units:
        column = unit.kind.column(unit.field, unit.lang)
        if unit.target.strip() == "" or getattr(obj, column) == unit.target:
            continue
        changed.setdefault(unit.field, {})[unit.lang] = unit.target
    columns = []
    for field_name, texts in changed.items():
        columns += write_texts(obj, field_name, texts)
    return columns, sum(len(texts) for texts in changed.values())


class _Collision(Exception):
    """A row's new text is already another row's, in the same language (a unique name)."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


def _apply(event: Event, by_row: dict[tuple[str, str], list[ImportUnit]], actor) -> ImportResult:
    """Save the checked units row by row; one audit entry per row that changed."""
    rows = texts = 0
    for kind in KINDS:
        keys = {key for name, key in by_row if name == kind.name}
        if not keys:
            continue
        objects = _objects_of(kind, event, keys)
        for key in sorted(keys):
            obj, row_units = objects[key], by_row[(kind.name, key)]
            before = audit_snapshot(obj)
            columns, changed = _write(obj, row_units)
            if not columns:
                continue
            try:
                with transaction.atomic():
                    obj.save(update_fields=columns)
            except IntegrityError as exc:
                raise _Collision(row_units[0].line) from exc
            audit_record(
                event=event,
                obj=obj,
                action=AuditAction.CHANGED,
                actor=actor,
                changes=audit_diff(before, audit_snapshot(obj)),
            )
            rows += 1
            texts += changed
    return ImportResult(rows=rows, texts=texts)


@transaction.atomic
def translations_import(*, event: Event, data: bytes, actor) -> ImportResult:
    """Write a translator's file back: all of it, or nothing with the first error's line.

    The event row is locked, so two imports of the same event queue; each changed row is saved
    with only its changed columns and gets one audit entry (old -> new).
    """
    raw_units = translations_parse(data)
    event = lock_one(Event.objects.all(), event.pk)
    units = _check(event, raw_units)
    by_row: dict[tuple[str, str], list[ImportUnit]] = {}
    for unit in units:
        by_row.setdefault((unit.kind.name, unit.key), []).append(unit)
    try:
        with content_write():  # saves the unsuffixed columns as write_texts set them
            result = _apply(event, by_row, actor)
    except _Collision as collision:
        raise _refuse(
            _("Line %(line)d: another entry of this event already has this text."),
            line=collision.line,
        ) from collision
    logger.info(
        "translations imported for event %s: %d rows, %d texts", event.pk, result.rows, result.texts
    )
    return result
