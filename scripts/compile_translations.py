"""Compile the gettext catalogues (django.po -> django.mo) without GNU gettext.

Replaces ``manage.py compilemessages`` (which needs ``msgfmt``) in the Makefile, so a fresh
machine with only Python and make can build the English UI. Uses ``polib`` (pure Python).

* Finds every ``<app>/locale/<lang>/LC_MESSAGES/django.po`` of the project's catalogues.
* Fuzzy entries are left out of the ``.mo`` file (like msgfmt without ``--use-fuzzy``),
  obsolete (``#~``) entries too.
* A catalogue that cannot be parsed, or whose translations break placeholders or plural
  forms, stops the run with a non-zero exit code and says where.

Usage: ``python scripts/compile_translations.py [-q]``
"""

import re
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIRS = [
    "participation/locale",
    "cms/locale",
    "ideas/locale",
    "pilots/locale",
    "search/locale",
]

# One line of a PO file outside comments: an optional keyword and one complete quoted string.
PO_LINE = re.compile(r'^(?:(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?"(?:[^"\\]|\\.)*"$')

# Python %-format placeholders: %(name)s, %s, %d ... ("%%" is a literal percent sign).
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifreEgGxXoc]|%%")


class CatalogueError(Exception):
    pass


def catalogues():
    for locale_dir in LOCALE_DIRS:
        yield from sorted((ROOT / locale_dir).glob("*/LC_MESSAGES/django.po"))


def placeholders(text):
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def check_entry(entry, nplurals):
    """Return a list of problems with one (non-fuzzy, translated) entry."""
    problems = []
    if entry.msgid_plural:
        forms = entry.msgstr_plural
        if sorted(forms) != list(range(nplurals)):
            problems.append(f"expected {nplurals} plural forms, found {sorted(forms)}")
        expected = set(placeholders(entry.msgid)) | set(placeholders(entry.msgid_plural))
        named = {p for p in expected if p.startswith("%(")}
        for index, text in forms.items():
            if not text:
                continue
            found = set(placeholders(text))
            # A singular form may drop the count ("One idea"), but never invent placeholders
            # and never drop a named one other than the count.
            if found - expected:
                problems.append(
                    f"msgstr[{index}] has unknown placeholders {sorted(found - expected)}"
                )
            if index > 0 and not named <= found:
                problems.append(f"msgstr[{index}] lacks placeholders {sorted(named - found)}")
    elif (
        entry.msgstr
        and "python-format" in entry.flags
        and placeholders(entry.msgid) != placeholders(entry.msgstr)
    ):
        problems.append(
            f"placeholders differ: {placeholders(entry.msgid)} != {placeholders(entry.msgstr)}"
        )
    return problems


def nplurals_of(po):
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def lint(path):
    """polib skips some syntax errors silently (an unterminated string drops the entry),
    so check every line and count the messages ourselves. Returns the msgid count."""
    problems, msgids, msgstr_expected = [], 0, False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = PO_LINE.match(line)
        if match is None:
            problems.append(f"{path}:{number}: syntax error: {raw!r}")
            continue
        keyword = match.group(1) or ""
        if keyword == "msgid":
            if msgstr_expected:
                problems.append(f"{path}:{number}: the previous msgid has no msgstr")
            msgids += 1
            msgstr_expected = True
        elif keyword.startswith("msgstr"):
            msgstr_expected = False
    if msgstr_expected:
        problems.append(f"{path}: the last msgid has no msgstr")
    if problems:
        raise CatalogueError("\n".join(problems))
    return msgids


def compile_catalogue(path):
    try:
        msgids = lint(path)
        po = polib.pofile(str(path), wrapwidth=0, check_for_duplicates=True)
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path}: cannot parse: {error}") from error
    parsed = len([e for e in po if not e.obsolete])
    if msgids - parsed not in (0, 1):  # 1: the header (msgid "")
        raise CatalogueError(f"{path}: {msgids} msgids in the file, but {parsed} entries parsed")
    nplurals = nplurals_of(po)
    problems = []
    for entry in po:
        if entry.obsolete or entry.fuzzy:
            continue
        for problem in check_entry(entry, nplurals):
            problems.append(f"{path}:{entry.linenum}: {entry.msgid!r}: {problem}")
    if problems:
        raise CatalogueError("\n".join(problems))
    # polib writes only translated, non-fuzzy, non-obsolete entries (plus the header).
    target = path.with_suffix(".mo")
    po.save_as_mofile(str(target))
    translated = len(po.translated_entries())
    return target, translated, len([e for e in po if not e.obsolete])


def main(argv):
    quiet = "-q" in argv
    paths = list(catalogues())
    if not paths:
        print("compile_translations: no django.po found", file=sys.stderr)
        return 1
    failed = False
    for path in paths:
        try:
            target, translated, total = compile_catalogue(path)
        except CatalogueError as error:
            print(f"compile_translations: {error}", file=sys.stderr)
            failed = True
            continue
        if not quiet:
            print(f"{target.relative_to(ROOT)}: {translated}/{total} translated")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
