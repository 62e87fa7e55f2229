"""List untranslated and fuzzy entries of the project's gettext catalogues.

Exits with status 1 when any entry of any catalogue is untranslated (empty msgstr, or an empty
plural form) or fuzzy, so CI can use it as a check; 0 when everything is translated.

Also warns (without failing, unless ``--strict``) when the same msgid is translated differently
in two catalogues: Django merges all catalogues of a language into one, and the one in
LOCALE_PATHS (participation/locale) wins, so the other translation would never be shown.

Usage: ``python scripts/untranslated.py [--strict] [--msgids]``
    --msgids   print only the msgids (one per line, for pasting into a translation table)
"""

import sys
from collections import defaultdict
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compile_translations import ROOT, catalogues  # noqa: E402


def main(argv):
    strict = "--strict" in argv
    only_msgids = "--msgids" in argv
    problems = 0
    seen = defaultdict(dict)  # (msgctxt, msgid) -> {catalogue: translation}
    for path in catalogues():
        po = polib.pofile(str(path), wrapwidth=0)
        relative = path.relative_to(ROOT)
        for entry in po:
            if entry.obsolete:
                continue
            if entry.fuzzy or not entry.translated():
                problems += 1
                if only_msgids:
                    print(entry.msgid)
                    continue
                state = "fuzzy" if entry.fuzzy else "untranslated"
                where = ", ".join(f"{file}:{line}" for file, line in entry.occurrences[:3])
                print(f"{relative}:{entry.linenum}: {state}: {entry.msgid!r} ({where})")
            else:
                translation = (
                    tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
                    if entry.msgid_plural
                    else entry.msgstr
                )
                seen[(entry.msgctxt, entry.msgid)][str(relative)] = translation
    conflicts = {key: found for key, found in seen.items() if len(set(found.values())) > 1}
    if not only_msgids:
        for (_context, msgid), found in sorted(conflicts.items(), key=lambda item: item[0][1]):
            variants = "; ".join(f"{file}: {text!r}" for file, text in sorted(found.items()))
            print(f"warning: {msgid!r} is translated differently: {variants}", file=sys.stderr)
        if problems:
            print(f"{problems} untranslated or fuzzy entries.", file=sys.stderr)
        else:
            print("All entries are translated.", file=sys.stderr)
    if problems or (strict and conflicts):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
