from outcomes.text import markdown_to_html, sections_split, text_diff


def test_sections_split_at_headings_with_a_preamble():
    text = "Intro line.\n\n## First part\n\nOne.\n\n### Detail\n\nTwo.\n\n## First part\n\nThree."

    sections = sections_split(text)

    assert [(s.anchor, s.title, s.level, s.body, s.heading) for s in sections] == [
        ("preamble", "Preamble", 1, "Intro line.", False),
        ("first-part", "First part", 2, "One.", True),
        ("detail", "Detail", 3, "Two.", True),
        ("first-part-2", "First part", 2, "Three.", True),
    ]


def test_sections_split_ignores_hashes_inside_code_fences():
    text = "## Real\n\n```\n# not a heading\n```\n"

    assert [s.title for s in sections_split(text)] == ["Real"]


def test_markdown_is_sanitised():
    html = markdown_to_html(
        "Hello <script>alert(1)</script> **bold** [x](javascript:alert(1)) "
        '<a href="https://example.org" onclick="x()" style="color:red">ok</a>\n\n# Big'
    )

    assert html == (
        # A link whose address the sanitiser refused keeps only its text.
        "<p>Hello  <strong>bold</strong> x "
        '<a href="https://example.org" rel="noopener noreferrer">ok</a></p>\n<h3>Big</h3>'
    )


def test_text_diff_marks_words_and_lines_accessibly():
    lines = text_diff("Same line\nWe will plan.\nGone", "Same line\nWe shall plan.\nNew line")

    assert [(line.kind, str(line.html)) for line in lines] == [
        ("equal", "Same line"),
        (
            "change",
            'We <del><span class="visually-hidden">deleted: </span>will</del>'
            '<ins><span class="visually-hidden">inserted: </span>shall</ins> plan.',
        ),
        (
            "change",
            '<del><span class="visually-hidden">deleted: </span>Gone</del>'
            '<ins><span class="visually-hidden">inserted: </span>New line</ins>',
        ),
    ]


def test_text_diff_pure_insertions_and_deletions_escape_html():
    lines = text_diff("a\n<b>", "a\nc\n")

    assert [(line.kind, str(line.html)) for line in lines] == [
        ("equal", "a"),
        (
            "change",
            '<del><span class="visually-hidden">deleted: </span>&lt;b&gt;</del>'
            '<ins><span class="visually-hidden">inserted: </span>c</ins>',
        ),
    ]
    assert [(x.kind, str(x.html)) for x in text_diff("a", "a\nb")] == [
        ("equal", "a"),
        ("insert", '<ins><span class="visually-hidden">inserted: </span>b</ins>'),
    ]
    assert [(x.kind, str(x.html)) for x in text_diff("a\nb", "a")] == [
        ("equal", "a"),
        ("delete", '<del><span class="visually-hidden">deleted: </span>b</del>'),
    ]
