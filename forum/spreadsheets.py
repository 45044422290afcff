"""CSV cells a spreadsheet opens safely.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before them) as a formula: "=HYPERLINK(…)" written in a name or a biography would become
a live link on the organiser's or translator's screen. Such cells are written with a quote in
front (OWASP's advice), which spreadsheets show as text; ``csv_unsafe`` takes that quote off
again when a file we wrote comes back.
"""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """``value`` as a CSV cell no spreadsheet runs as a formula."""
    text = "" if value is None else str(value)
    if text.lstrip("'").startswith(FORMULA_TRIGGERS):  # quotes already there are kept too
        return "'" + text
    return text


def csv_unsafe(text: str) -> str:
    """The value ``csv_safe`` wrote as ``text``: a quote in front of a formula trigger is
    taken off; anything else is kept as it is."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
