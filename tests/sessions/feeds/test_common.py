"""Feed links: spliced from one reversed pattern, exactly what reverse() gives."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from sessions.feeds.common import session_path, speaker_path


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("code", ["S00001", "a b", "é?x#y", "50%", "x:y@z~"])
def test_spliced_paths_equal_reverse(event, lang, code):
    with translation.override(lang):
        session = reverse("programme:session", kwargs={"event_slug": event.slug, "code": code})
        speaker = reverse("programme:speaker", kwargs={"event_slug": event.slug, "code": code})

    assert session_path(event=event, code=code, lang=lang) == session
    assert speaker_path(event=event, code=code, lang=lang) == speaker


def test_a_code_with_a_slash_is_refused_as_reverse_refuses_it(event):
    with pytest.raises(NoReverseMatch):
        session_path(event=event, code="a/b", lang="en")
