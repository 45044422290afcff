"""Machine-readable renderings of the published programme: iCalendar, frab XML/JSON, and the
embeddable widget's JSON. Every rendering is a pure function of one published version (plus
the language of its labels), so it is cached by version and served with a strong ETag."""
