"""Relearn ``compound_parts.txt``, the lexicon of words the decompounder may split a compound into.

A word is a known part when it is a head word of the Danish Hunspell dictionary (Debian package
``hunspell-da``: base forms, no proper names, spell-checked) AND it, or a plain inflection of it
(lopper, lærerne), is common enough in real Danish to be in ``wordfreq``'s Danish list; Danish stop
words are left out. The intersection keeps rare or archaic
head words ("hed", "sam") from causing silly splits. Run offline, review the diff, commit:

    apt-get install hunspell-da && pip install wordfreq
    python index/data/learn_parts.py > index/data/compound_parts.txt
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from whoosh.lang import stopwords_for_language
from wordfreq import zipf_frequency

HUNSPELL_DIC = Path("/usr/share/hunspell/da_DK.dic")
WORD = re.compile(r"[a-zæøåéü]{3,}")
ENDINGS = ("", "e", "en", "er", "ere", "et", "n", "r", "ne", "rne")


def _in_use(word: str) -> bool:
    return any(zipf_frequency(word + ending, "da") > 0 for ending in ENDINGS)


def main() -> None:
    stop = set(stopwords_for_language("da"))
    words = set()
    for line in HUNSPELL_DIC.read_text(encoding="utf-8").splitlines()[1:]:
        head = line.split("/")[0].split()[0] if line.strip() else ""
        if WORD.fullmatch(head) and head not in stop and _in_use(head):
            words.add(head)
    print("# Known compound parts, learned by index/data/learn_parts.py from hunspell-da ∩ wordfreq (da).")
    print("# Hunspell-da: LGPL-2.1/GPL-2/MPL-1.1, Foreningen for frit tilgængelige sprogværktøjer.")
    sys.stdout.write("".join(f"{w}\n" for w in sorted(words)))


if __name__ == "__main__":
    main()
