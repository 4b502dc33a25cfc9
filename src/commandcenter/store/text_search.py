"""Text search over cases, the dialect-free part: how texts become index tokens and how a search
becomes a full-text query and LIKE patterns.

Tokens are character bigrams. Text is cut into runs of letters and digits (`str.isalnum`, so
Chinese characters, ASCII letters and digits alike); every two neighbouring characters of a run
make a token. Chinese has no spaces between words, so bigrams find any substring of two or more
characters without a dictionary; case numbers (`SD202611200025`) are runs like any other, so any
fragment of two or more characters (`202611200025`, `SD2026`, `1120`) is found the same way.
Punctuation and spaces only separate runs; they are never indexed.

The index only narrows: a row whose bigrams all match is then checked with LIKE, so the result
is exactly the rows containing the term (ASCII letters in either case, as SQLite's LIKE compares
them). A term without a bigram (one character, or only punctuation) is found by LIKE alone.

Changing `grams` changes what the index holds: it needs a migration that rebuilds the index, or
the triggers' deletes (which recompute the old row's tokens) stop matching what was inserted.
"""

from __future__ import annotations

import re

# A run of letters or digits: \w without the underscore is exactly str.isalnum().
_RUN = re.compile(r"[^\W_]+")
# Enough bigrams to narrow a search well; LIKE decides the rest, so a long term (or a pasted
# paragraph) does not turn into a query of thousands of tokens.
MAX_MATCH_GRAMS = 24
# Longer terms match nothing: SQLite refuses LIKE patterns over 50 000 bytes, and no case text
# is typed that long. The search box should stop far earlier.
MAX_TERM_CHARS = 1_000


def _bigrams(text: str) -> list[str]:
    out: list[str] = []
    for run in _RUN.findall(text):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def grams(*texts: str | None) -> str:
    """The index column for a case: its distinct bigrams, space-separated. Registered in SQLite
    as `cc_grams(case_no, description, address)` for the triggers that keep the index."""
    seen: dict[str, None] = {}
    for text in texts:
        if text:
            seen.update(dict.fromkeys(_bigrams(str(text))))
    return " ".join(seen)


def terms(text: str) -> list[str]:
    """Whitespace separates terms; a case must contain every one."""
    return text.split()


def searchable(term: str) -> bool:
    """False when no stored text can contain `term`: NUL (SQLite's LIKE stops reading at it, and
    PostgreSQL cannot store it), a lone surrogate (not encodable), or an over-long term."""
    if "\x00" in term or len(term) > MAX_TERM_CHARS:
        return False
    try:
        term.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def like_pattern(term: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching `term` anywhere, every character literal."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def match_expression(search_terms: list[str]) -> str | None:
    """An FTS5 query requiring the terms' bigrams, each a quoted string (quotes doubled, so no
    query syntax survives); None when no term has a bigram."""
    wanted: dict[str, None] = {}
    for term in search_terms:
        wanted.update(dict.fromkeys(_bigrams(term)))
    if not wanted:
        return None
    picked = list(wanted)[:MAX_MATCH_GRAMS]
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in picked)
