"""Matching a lead cell's words to the workspace's people.

Councils write leads as initials (``JJ, TG, JW``), as names run together (``Hugh Bennett
John Outhwaite``), with a team and a name in brackets (``HROD (Dee Severn)``), or as a
role (``Improvement Manager to facilitate``). Each run of words is matched, longest first,
against the people's ids, names (also first and last name alone, or initial and surname),
and the initials of their names; a name one or two letters out (``Brian Nicolls`` for
``Brian Nicholls``) is matched approximately and said so. Words that match nobody are
returned as phrases, to be kept and reported, never dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-]*|&|\+|[,;/()\[\]\n|]")
_BREAKS = frozenset(",;/()[]\n|")
_CONNECTORS = frozenset({"and", "&", "+", "or", "with"})
_HONORIFICS = frozenset({"cllr", "councillor", "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame"})
_FUZZY = 0.86


@dataclass(frozen=True, slots=True)
class LeadMatch:
    text: str
    """The cell as written."""
    ids: tuple[str, ...]
    """The people matched, in the order written."""
    unmatched: tuple[str, ...]
    """Runs of words that match nobody, as written."""
    approximate: tuple[tuple[str, str], ...] = ()
    """(words as written, person id) for names matched approximately."""


def _key(token: str) -> str:
    token = token.lower().strip(".")
    return "and" if token in {"&", "+"} else token


def _name_keys(name: str) -> list[tuple[str, ...]]:
    """The ways a name may be written: in full, without honorifics, first and last name,
    initial and surname."""
    words = [_key(t) for t in _TOKEN.findall(name) if t not in _BREAKS]
    words = [w for w in words if w]
    plain = [w for w in words if w not in _HONORIFICS] or words
    keys = [tuple(words), tuple(plain)]
    if len(plain) >= 2:
        keys.append((plain[0], plain[-1]))
        keys.append((plain[0][0], plain[-1]))
    return keys


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’\-]*", name) if w.lower() not in _HONORIFICS]
    return "".join(w[0].upper() for w in words)


class PeopleIndex:
    """The workspace's people, indexed for matching lead cells."""

    def __init__(self, people: Iterable[tuple[str, str]]):
        self.names: dict[str, str] = {}
        self._ids: dict[str, str] = {}
        self._ids_folded: dict[str, set[str]] = defaultdict(set)
        self._by_name: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._by_initials: dict[str, set[str]] = defaultdict(set)
        for person_id, name in people:
            self.names[person_id] = name
            self._ids[person_id] = person_id
            self._ids_folded[person_id.lower()].add(person_id)
            for key in _name_keys(name):
                self._by_name[key].add(person_id)
            initials = _initials(name)
            if len(initials) >= 2:
                self._by_initials[initials].add(person_id)
        self._longest = max((len(k) for k in self._by_name), default=1)

    def __len__(self) -> int:
        return len(self.names)

    def match(self, text: str) -> LeadMatch:
        tokens = _TOKEN.findall(text)
        ids: list[str] = []
        unmatched: list[str] = []
        approximate: list[tuple[str, str]] = []
        pending: list[str] = []

        def flush() -> None:
            words = list(pending)
            while words and words[0].lower() in _CONNECTORS:
                words.pop(0)
            while words and words[-1].lower() in _CONNECTORS:
                words.pop()
            if words:
                unmatched.append(" ".join(words))
            pending.clear()

        i = 0
        while i < len(tokens):
            if tokens[i] in _BREAKS:
                flush()
                i += 1
                continue
            found = self._match_at(tokens, i)
            if found is None:
                pending.append(tokens[i])
                i += 1
                continue
            person_id, length, exact = found
            while pending and _key(pending[-1]) in _HONORIFICS:
                pending.pop()  # 'Cllr' before a name belongs to the name
            flush()
            if not exact:
                approximate.append((" ".join(tokens[i : i + length]), person_id))
            if person_id not in ids:
                ids.append(person_id)
            i += length
        flush()
        return LeadMatch(text, tuple(ids), tuple(unmatched), tuple(approximate))

    def _match_at(self, tokens: list[str], start: int) -> tuple[str, int, bool] | None:
        """(person id, tokens used, exact?) for the longest run of words from ``start`` that
        names one person."""
        run: list[str] = []
        for token in tokens[start : start + self._longest]:
            if token in _BREAKS:
                break
            run.append(token)
        for length in range(len(run), 0, -1):
            words = run[:length]
            keys = tuple(_key(w) for w in words)
            people = self._by_name.get(keys, set())
            if len(people) == 1:
                return next(iter(people)), length, True
            if length == 1 and (single := self._single(words[0])) is not None:
                return single, 1, True
        for length in range(len(run), 1, -1):
            fuzzy = self._fuzzy(tuple(_key(w) for w in run[:length]))
            if fuzzy is not None:
                return fuzzy, length, False
        return None

    def _single(self, token: str) -> str | None:
        """A person written as their id or the initials of their name."""
        token = token.strip(".")
        if token in self._ids:
            return token
        folded = self._ids_folded.get(token.lower(), set())
        if len(folded) == 1 and not token.islower():
            return next(iter(folded))
        if token.isupper() and 2 <= len(token) <= 4:
            by_initials = self._by_initials.get(token, set())
            if len(by_initials) == 1:
                return next(iter(by_initials))
        return None

    def _fuzzy(self, words: tuple[str, ...]) -> str | None:
        text = " ".join(words)
        scored: list[tuple[float, str]] = []
        for key, people in self._by_name.items():
            if len(key) != len(words) or len(people) != 1 or min(len(w) for w in key) < 2:
                continue
            ratio = SequenceMatcher(None, text, " ".join(key)).ratio()
            if ratio >= _FUZZY:
                scored.append((ratio, next(iter(people))))
        if not scored:
            return None
        scored.sort(reverse=True)
        best = scored[0]
        if any(other[1] != best[1] and other[0] >= best[0] - 0.02 for other in scored[1:]):
            return None
        return best[1]
