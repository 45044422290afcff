"""``|lang_marked`` (a text inside a translated sentence) and ``|pick`` (a live row's text in
the page's language, in the row's fallback order)."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from forum.content import Text


def render(source: str, **context) -> str:
    return Template("{% load content %}" + source).render(Context(context))


def test_lang_marked_wraps_only_a_fallback_and_escapes_every_text():
    with translation.override("es"):
        shown = render("«{{ t|lang_marked }}»", t=Text("A & B", lang="fr", is_fallback=True))
        own = render("«{{ t|lang_marked }}»", t=Text("A & B", lang="es"))
        plain = render("«{{ t|lang_marked }}»", t="<b>")

    assert shown == (
        '«<span lang="fr" dir="ltr">A &amp; B</span> <span class="lang-note">(en francés)</span>»'
    )
    assert own == "«A &amp; B»"
    assert plain == "«&lt;b&gt;»"


def test_pick_filter_follows_the_page_language_then_the_rows_languages():
    event = SimpleNamespace(
        languages=["fr", "en"], tagline_en="Cities meet", tagline_fr="Les villes", tagline_es=""
    )
    source = "<p{% lang_attrs t %}>{{ t }}</p>{% lang_note t %}"

    with translation.override("es"):
        spanish = render(
            '{% with t=event|pick:"tagline" %}' + source + "{% endwith %}", event=event
        )
    with translation.override("en"):
        english = render(
            '{% with t=event|pick:"tagline" %}' + source + "{% endwith %}", event=event
        )

    assert (
        spanish
        == '<p lang="fr" dir="ltr">Les villes</p> <span class="lang-note">(en francés)</span>'
    )
    assert english == "<p>Cities meet</p>"
