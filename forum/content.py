"""Content in several languages: the languages a text may be written in, and the one rule that
picks which of its languages a reader is shown.

A translated field is stored as one column per content language (``title_en``, ``title_fr``…,
through django-modeltranslation). Readers never rely on the active-language descriptors: they
``pick`` among the filled texts, in the order ``fallback_order`` gives, and get a ``Text`` that
remembers its language, so a page can mark a text shown in another language than its own.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    """Languages people speak and content is written in: the six UN languages and Portuguese
    (a registrant's spoken languages, a session's language and interpretation, the languages
    an event's texts are written in)."""

    EN = "en", _("English")
    FR = "fr", _("French")
    ES = "es", _("Spanish")
    AR = "ar", _("Arabic")
    PT = "pt", _("Portuguese")
    RU = "ru", _("Russian")
    ZH = "zh", _("Chinese")


# Every language content may be written in, in Language's order.
CONTENT_LANGUAGES: tuple[str, ...] = tuple(Language.values)

# Languages written right to left.
RTL_LANGUAGES = frozenset({"ar"})

# The short label beside a text shown in another language than the page's.
LANGUAGE_NOTES = {
    "en": _("in English"),
    "fr": _("in French"),
    "es": _("in Spanish"),
    "ar": _("in Arabic"),
    "pt": _("in Portuguese"),
    "ru": _("in Russian"),
    "zh": _("in Chinese"),
}


def text_direction(code: str | None) -> str:
    """``"rtl"`` for a language written right to left, else ``"ltr"``."""
    return "rtl" if code in RTL_LANGUAGES else "ltr"


# The language existing single-language texts were written in, and the one the original
# (unsuffixed) column mirrors.
DEFAULT_CONTENT_LANGUAGE = "en"


def fallback_order(requested: str | None, languages: Iterable[str]) -> list[str]:
    """The languages to try, in order: ``requested``, then the event's ``languages`` in their
    order, then every other content language. Unknown codes are left out; none is repeated."""
    order: list[str] = []
    for code in (requested, *languages, *CONTENT_LANGUAGES):
        if code in CONTENT_LANGUAGES and code not in order:
            order.append(code)
    return order


class Text(str):
    """A text with the language it is written in; ``is_fallback`` when that is not the language
    that was asked for. Being a ``str``, it goes wherever a string goes."""

    lang: str | None
    is_fallback: bool

    def __new__(cls, value: str = "", *, lang: str | None = None, is_fallback: bool = False):
        text = super().__new__(cls, value)
        text.lang = lang
        text.is_fallback = is_fallback
        return text


def _filled(value: str | None) -> bool:
    return value is not None and value.strip() != ""


def pick(
    values: Mapping[str, str | None], *, requested: str | None, languages: Iterable[str]
) -> Text:
    """The text of ``values`` ({code: text}) to show a reader of ``requested``: the first filled
    one in ``fallback_order``. A blank text counts as missing. An empty ``Text`` (language None)
    when no language is filled."""
    for code in fallback_order(requested, languages):
        value = values.get(code)
        if _filled(value):
            return Text(value, lang=code, is_fallback=code != requested)
    return Text("", lang=None, is_fallback=False)


def text_fields(field: str) -> tuple[str, ...]:
    """The per-language column names of a translated ``field``: ``("title_en", …)``."""
    return tuple(f"{field}_{code}" for code in CONTENT_LANGUAGES)


def texts_of(obj, field: str) -> dict[str, str]:
    """The filled texts of ``obj``'s translated ``field``, by language code."""
    texts = {}
    for code in CONTENT_LANGUAGES:
        value = getattr(obj, f"{field}_{code}", None)
        if _filled(value):
            texts[code] = value
    return texts


def content_write():
    """A context (or decorator) for code that sets a translated field by its plain name
    (``room.name = …``): the text goes to the default content language's column, whatever the
    language of the request."""
    return translation.override(DEFAULT_CONTENT_LANGUAGE)


def blank_texts_never_collide(model, field: str) -> None:
    """Make the per-language copies of ``model``'s unique constraints on ``field`` (which
    modeltranslation adds as ``<name>-<field>_<code>``) ignore blank texts: a text missing in
    a language, stored as "" or NULL, never clashes with another missing one."""
    from django.db.models import Q, UniqueConstraint

    columns = set(text_fields(field))
    constraints = []
    for constraint in model._meta.constraints:
        column = constraint.name.rpartition("-")[2]
        if isinstance(constraint, UniqueConstraint) and column in columns:
            condition = ~Q(**{column: ""})
            if constraint.condition is not None:
                condition &= constraint.condition
            constraint = UniqueConstraint(
                fields=constraint.fields, condition=condition, name=constraint.name
            )
        constraints.append(constraint)
    model._meta.constraints = constraints


def content_code(requested: str | None) -> str | None:
    """The content language a request names (``"fr"``, ``"fr-CA"``, ``"ES"``, ``"en_GB"``),
    or None when it names none."""
    code = (requested or "").strip().replace("_", "-").split("-")[0].lower()
    return code if code in CONTENT_LANGUAGES else None


def pick_for_page(obj, field: str, languages: Iterable[str] | None) -> Text:
    """``obj``'s translated ``field`` in the active (page) language, else in ``languages``'
    order (the working languages of the event it belongs to), else in any language filled."""
    return pick(
        texts_of(obj, field),
        requested=content_code(translation.get_language()),
        languages=languages or (),
    )


def ui_languages() -> tuple[str, ...]:
    """The languages the interface is translated into (``settings.LANGUAGES``)."""
    return tuple(code for code, _name in settings.LANGUAGES)


def label_language(content: str, languages: Iterable[str] = ()) -> str:
    """The language of the labels (gettext) beside content in ``content``: that language when
    the interface speaks it, else the first of the event's ``languages`` it speaks, else the
    default content language."""
    spoken = ui_languages()
    for code in (content, *languages):
        if code in spoken:
            return code
    return DEFAULT_CONTENT_LANGUAGE


# --- Writing: services set a translated field from {code: text} ---------------------------------


def clean_texts(
    texts: Mapping[str, str | None],
    *,
    field: str,
    max_length: int | None,
    error: type[Exception],
    single_line: bool = True,
) -> dict[str, str]:
    """``texts`` ({code: text}) trimmed (a single-line text's spaces collapsed), "" for a
    blank one. Raises ``error(message, code)`` for an unknown language, or a text longer than
    ``max_length``, with the code of that language's column (``name_fr``) so a form shows it
    on that column."""
    from django.utils.translation import gettext

    cleaned = {}
    for code, text in texts.items():
        if code not in CONTENT_LANGUAGES:
            raise error(
                gettext("“%(code)s” is not a language texts may be written in.") % {"code": code},
                field,
            )
        text = text or ""
        text = " ".join(text.split()) if single_line else text.strip()
        if max_length is not None and len(text) > max_length:
            raise error(
                gettext("%(language)s: at most %(max)d characters (it has %(count)d).")
                % {"language": Language(code).label, "max": max_length, "count": len(text)},
                f"{field}_{code}",
            )
        cleaned[code] = text
    return cleaned


def mirror_text(values: Mapping[str, str | None]) -> Text:
    """The text the unsuffixed column holds: the default content language's, else the first
    filled one in ``CONTENT_LANGUAGES`` order, so ``str(obj)``, the admin and code that reads
    the plain field never show an empty name while a translation exists. It is also what
    modeltranslation's descriptor returns under ``content_write()``."""
    return pick(values, requested=DEFAULT_CONTENT_LANGUAGE, languages=())


def merged_texts(obj, field: str, texts: Mapping[str, str]) -> dict[str, str]:
    """Every language's text of ``obj``'s ``field`` once ``texts`` is written: the languages
    ``texts`` leaves out keep theirs."""
    return {
        code: texts[code] if code in texts else (getattr(obj, f"{field}_{code}", "") or "")
        for code in CONTENT_LANGUAGES
    }


def write_texts(obj, field: str, texts: Mapping[str, str]) -> list[str]:
    """Set ``obj``'s ``<field>_<code>`` columns from ``texts`` (languages left out keep their
    text) and the unsuffixed mirror (``mirror_text``). Returns the columns to name in
    ``save(update_fields=…)``, which modeltranslation does not expand. Save under
    ``content_write()``: Django saves the mirror through the active language's descriptor."""
    for code, text in texts.items():
        setattr(obj, f"{field}_{code}", text)
    obj.__dict__[field] = str(mirror_text(merged_texts(obj, field, {})))
    return [field, *text_fields(field)]


def taken_language(
    queryset, field: str, values: Mapping[str, str], *, case_sensitive: bool = False
) -> str | None:
    """The first language whose filled text of ``field`` (in ``values``, every language) one
    of ``queryset``'s rows already has in that language, or whose mirror text another row's
    mirror already is (the unsuffixed column is unique too); None when no text is taken.

    One query reading the rows' texts (an event's rooms, a city's venues: a few dozen rows),
    compared here: SQLite folds the case of ASCII letters only, Python's casefold all.
    """
    filled = {code: text for code, text in values.items() if _filled(text)}
    if not filled:
        return None

    def key(text: str | None) -> str:
        text = text or ""
        return text if case_sensitive else text.casefold()

    rows = [
        dict(zip(CONTENT_LANGUAGES, row, strict=True))
        for row in queryset.values_list(*text_fields(field))
    ]
    for code in CONTENT_LANGUAGES:
        if code in filled and any(key(row[code]) == key(filled[code]) for row in rows):
            return code
    mirror = mirror_text(values)
    if any(key(mirror_text(row)) == key(mirror) for row in rows):
        return mirror.lang
    return None
