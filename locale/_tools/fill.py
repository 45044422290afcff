"""Fill French and Spanish msgstrs from a translation table (JSON: {msgid: [fr, es]}).

Used by maintainers after `make messages`: python locale/_tools/fill.py TABLE.json
Entries already translated are kept unless --force is given.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]


def main(table_path: str, force: bool = False) -> None:
    table = json.loads(Path(table_path).read_text(encoding="utf-8"))
    for index, lang in enumerate(("fr", "es")):
        for domain in ("django", "djangojs"):
            path = ROOT / lang / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                continue
            po = polib.pofile(str(path))
            for entry in po:
                untranslated = not entry.translated() or entry.fuzzy
                if entry.msgid in table and (force or untranslated):
                    value = table[entry.msgid][index]
                    if entry.msgid_plural:
                        forms = value if isinstance(value, list) else [value, value]
                        # Spanish has three plural forms in CLDR (one, many, other).
                        count = int(po.metadata["Plural-Forms"].split("nplurals=")[1][0])
                        forms = forms + [forms[-1]] * (count - len(forms))
                        entry.msgstr_plural = dict(enumerate(forms[:count]))
                    else:
                        entry.msgstr = value
                    if entry.fuzzy:
                        entry.flags.remove("fuzzy")
                    entry.previous_msgid = None
                    entry.previous_msgid_plural = None
            po.save()
            missing = [e.msgid for e in po if not e.translated()]
            print(f"{lang}/{domain}: {po.percent_translated()}% translated; missing: {missing[:5]}")


if __name__ == "__main__":
    main(sys.argv[1], force="--force" in sys.argv)
