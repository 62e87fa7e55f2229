"""List untranslated and fuzzy entries of the project's gettext catalogues (needs GNU gettext).

Exits with status 1 when any entry of any catalogue is untranslated (empty msgstr, or an empty
plural form) or fuzzy, so CI can use it as a check; 0 when everything is translated. A
catalogue that ``msgfmt --check`` rejects stops the run with status 2.

Also warns (without failing, unless ``--strict``) when the same msgid is translated differently
in two catalogues of one language: Django merges all catalogues of a language into one, and the
one in LOCALE_PATHS (participation/locale) wins, so the other translation would never be shown.

Everything is done by GNU gettext's tools: ``msgfmt --check --statistics`` counts,
``msgattrib`` picks the untranslated and fuzzy entries, ``msgcat --more-than=1`` and
``msggrep`` find the conflicting translations, ``msgexec`` prints msgids.

Usage: ``python scripts/untranslated.py [--strict] [--msgids]``
    --msgids   print only the msgids (one per line, for pasting into a translation table)
"""

import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNTS = re.compile(r"(\d+) (translated|fuzzy|untranslated)")
HEADER = re.compile(r'^msgid ""\nmsgstr', re.MULTILINE)
CONFLICT_MARK = "#-#-#-#-#"


def catalogues():
    """Every ``<app>/locale/<lang>/LC_MESSAGES/django.po`` of the project."""
    return sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))


def run(*args, stdin=None):
    """Run one gettext tool; a failure ends the script with its message."""
    if shutil.which(args[0]) is None:
        sys.exit(f"untranslated: {args[0]} not found (apt-get install gettext)")
    result = subprocess.run(args, input=stdin, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        print(result.stderr, end="", file=sys.stderr)
        sys.exit(2)
    return result


def entries(po_text):
    """The entries of PO text written by a gettext tool, without the header entry."""
    return [block for block in po_text.strip().split("\n\n") if block and not HEADER.search(block)]


def msgids(po_text):
    output = run("msgexec", "-i", "-", "printenv", "-0", "MSGEXEC_MSGID", stdin=po_text).stdout
    return [msgid for msgid in output.split("\0") if msgid]


def counts(path):
    stderr = run("msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)).stderr
    found = {kind: int(number) for number, kind in COUNTS.findall(stderr)}
    return found.get("translated", 0), found.get("fuzzy", 0), found.get("untranslated", 0)


def conflicts(paths):
    """PO entries translated differently in the given catalogues (of one language)."""
    with tempfile.TemporaryDirectory() as scratch:
        # msgcat labels each variant with the file's base name: give each a telling one.
        copies = []
        for path in paths:
            copy = Path(scratch) / f"{path.relative_to(ROOT).parts[0]}.po"
            shutil.copyfile(path, copy)
            copies.append(str(copy))
        merged = run("msgcat", "--more-than=1", "--no-wrap", *copies).stdout
    if not entries(merged):
        return []
    found = run("msggrep", "--msgstr", "-F", "-e", CONFLICT_MARK, "--no-wrap", stdin=merged)
    return entries(found.stdout)


def main(argv):
    strict = "--strict" in argv
    only_msgids = "--msgids" in argv
    problems = 0
    languages = defaultdict(list)
    for path in catalogues():
        languages[path.parent.parent.name].append(path)
        translated, fuzzy, untranslated = counts(path)
        problems += fuzzy + untranslated
        if not fuzzy + untranslated:
            continue
        if not only_msgids:
            relative = path.relative_to(ROOT)
            print(
                f"{relative}: {translated} translated, {fuzzy} fuzzy, {untranslated} untranslated"
            )
        for option in ("--untranslated", "--only-fuzzy"):
            selected = run("msgattrib", option, "--no-obsolete", "--no-wrap", str(path)).stdout
            if only_msgids:
                print("\n".join(msgids(selected)))
            else:
                for entry in entries(selected):
                    print(f"\n{entry}")
    conflicting = [entry for paths in languages.values() for entry in conflicts(paths)]
    if not only_msgids:
        for entry in conflicting:
            print(f"warning: translated differently in two catalogues:\n{entry}\n", file=sys.stderr)
        if problems:
            print(f"{problems} untranslated or fuzzy entries.", file=sys.stderr)
        else:
            print("All entries are translated.", file=sys.stderr)
    if problems or (strict and conflicting):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
