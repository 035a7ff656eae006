"""Everything a user reads also reads in English: every message in the code and the
templates has an English translation in the catalogue (ux.md: "Language")."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("portal/**.py", "python"), ("templates/**.html", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.do"}}


def _messages_in_source() -> dict[str, str]:
    found: dict[str, str] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, OPTIONS, keywords={**DEFAULT_KEYWORDS, "_l": None}
    ):
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, filename)
    return found


def test_every_message_has_an_english_translation():
    with (ROOT / "portal/translations/en/LC_MESSAGES/messages.po").open("rb") as po:
        catalogue = read_po(po)
    missing = [
        f"{where}: {msgid!r}"
        for msgid, where in sorted(_messages_in_source().items(), key=lambda kv: kv[1])
        if not (catalogue.get(msgid) and catalogue.get(msgid).string)
    ]
    assert not missing, f"{len(missing)} messages without English:\n" + "\n".join(missing)


def test_the_english_catalogue_holds_each_message_once():
    """Parallel branches append to the catalogue; a message added twice, or two entries
    glued together by a merge, would make one of them silently win."""
    import re

    text = (ROOT / "portal/translations/en/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    assert not re.search(r'^msgstr .*\n(?:".*\n)*(?:msgid|msgctxt) ', text, re.M), "glued entries"
    keys = re.findall(r'^(?:msgctxt (".*")\n)?msgid (".*"(?:\n".*")*)', text, re.M)
    repeated = {key for key in keys if keys.count(key) > 1 and key != ("", '""')}
    assert not repeated, f"messages defined twice: {sorted(repeated)[:5]}"
