"""Reports' Markdown rendered as sanitised HTML.

Rapporteurs write the reports' sections, and the reports are shown on public pages, so the
HTML passes through nh3 with the same short allow-list as the outcome statements' texts (no
scripts, styles or attributes other than links; headings at most h3).
"""

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "b", "i", "a", "ul", "ol", "li", "blockquote", "code",
    "pre", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
LINK_WITHOUT_HREF = re.compile(r"<a(?![^>]*\shref=\")[^>]*>(.*?)</a>", re.DOTALL)


def report_html(text: str) -> SafeString:
    """Markdown rendered and sanitised; headings become h3 at most (the page holds h1, h2)."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    html = re.sub(r"<(/?)h[12]\b", r"<\1h3", html)
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    # A link whose address nh3 refused (javascript:, data:…) keeps only its text.
    return mark_safe(LINK_WITHOUT_HREF.sub(r"\1", html))  # noqa: S308 - sanitised above
