"""Plain-text emails are not HTML: names, titles and links arrive as written."""

from forum.mail import mail_render


def test_plain_text_emails_are_not_html_escaped():
    subject, text, html = mail_render(
        template="registration_received",
        language="en",
        context={
            "name": "Seán O'Brien",
            "event": "Housing & Land Forum",
            "category": "Delegate",
            "reference": "ABCD2345",
            "state": "confirmed",
            "manage_url": "https://forum.example.org/en/r/tok/?a=1&b=2",
            "resend_url": "https://forum.example.org/en/events/x/register/link/",
        },
    )

    assert "Housing & Land Forum" in subject
    assert "Seán O'Brien" in text
    assert "Housing & Land Forum" in text
    assert "https://forum.example.org/en/r/tok/?a=1&b=2" in text
    assert "&amp;" not in subject + text and "&#x27;" not in text
    assert html == ""  # no HTML part: nothing to escape
