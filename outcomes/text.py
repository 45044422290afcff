"""Statement texts: Markdown to sanitised HTML, sections by heading, and version diffs.

Texts are written by organisers but rendered on public pages, in PDFs and in the API, through
``forum.markdown``.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from forum.markdown import markdown_to_html

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Section:
    anchor: str  # unique within the text, stable for a heading's wording
    title: str
    level: int  # 1 for the preamble before the first heading
    body: str  # Markdown without the heading line
    heading: bool = True  # False for the preamble

    @property
    def html(self) -> SafeString:
        return markdown_to_html(self.body)


def sections_split(text: str) -> list[Section]:
    """Split a Markdown text at its headings (ignoring ``#`` lines inside code fences).

    Text before the first heading becomes a "Preamble" section, so every word can be
    commented on.
    """
    sections: list[Section] = []
    seen: dict[str, int] = {}
    title, level, lines, in_fence = "", 1, [], False

    def close():
        body = "\n".join(lines).strip()
        if not title and not body:
            return
        label = title or _("Preamble")
        base = slugify(title) or ("preamble" if not title else "section")
        count = seen.get(base, 0) + 1
        seen[base] = count
        anchor = base if count == 1 else f"{base}-{count}"
        sections.append(
            Section(anchor=anchor[:120], title=label, level=level, body=body, heading=bool(title))
        )

    for line in (text or "").splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else HEADING.match(line)
        if match:
            close()
            title, level, lines = match.group(2).strip(), len(match.group(1)), []
        else:
            lines.append(line)
    close()
    return sections


# --- differences between two versions --------------------------------------------------------

TOKENS = re.compile(r"\s+|[^\s\w]|\w+")


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "equal", "insert", "delete" or "change"
    html: SafeString


def _mark(tag: str, text: str) -> str:
    label = _("inserted:") if tag == "ins" else _("deleted:")
    return f'<{tag}><span class="visually-hidden">{escape(label)} </span>{escape(text)}</{tag}>'


def _words(old: str, new: str) -> str:
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(_mark("del", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(_mark("ins", "".join(b[j1:j2])))
    return "".join(parts)


def text_diff(old: str, new: str) -> list[DiffLine]:
    """Line by line, with changed lines compared word by word; markup is <ins>/<del>.

    Each change starts with visually hidden words ("inserted:", "deleted:") because screen
    readers do not announce <ins> and <del> by themselves.
    """
    a, b = (old or "").splitlines(), (new or "").splitlines()
    out: list[DiffLine] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(DiffLine("equal", mark_safe(escape(line))) for line in a[i1:i2])  # noqa: S308
        elif op == "delete":
            out.extend(DiffLine("delete", mark_safe(_mark("del", line))) for line in a[i1:i2])  # noqa: S308
        elif op == "insert":
            out.extend(DiffLine("insert", mark_safe(_mark("ins", line))) for line in b[j1:j2])  # noqa: S308
        else:
            old_lines, new_lines = a[i1:i2], b[j1:j2]
            for k in range(max(len(old_lines), len(new_lines))):
                before = old_lines[k] if k < len(old_lines) else None
                after = new_lines[k] if k < len(new_lines) else None
                if before is None:
                    out.append(DiffLine("insert", mark_safe(_mark("ins", after))))  # noqa: S308
                elif after is None:
                    out.append(DiffLine("delete", mark_safe(_mark("del", before))))  # noqa: S308
                else:
                    out.append(DiffLine("change", mark_safe(_words(before, after))))  # noqa: S308
    return out
