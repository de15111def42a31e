"""spaCy's attribute ruler and lemmatizer as tables: the same rules, the same output, a fraction of the time.

The small English pipeline's `attribute_ruler` maps each fine tag (and a few words) to a coarse POS,
morphology and lemma exceptions with 179 Matcher patterns. Running a Matcher and creating a Span per match
costs about 22 ms per 500-word article, 12-15% of the whole pipeline, for what is a lookup on a token's
(tag, lower, dep, is-space). `AttributeTable` reads the ruler's own patterns at load time and applies them
per token from a memo keyed on those four values: which patterns match, applied in the ruler's order
(later patterns win, as in `AttributeRuler.set_annotations`), written back with `Doc.from_array`.

Only pattern shapes it can evaluate exactly are accepted (token attributes TAG, LOWER, DEP, IS_SPACE;
values, IN, NOT_IN, REGEX; no operators); `replace_ruler` leaves any other ruler in place. The output is
checked equal to the ruler's, token attribute by attribute, in tests/test_spacy_tables.py.

The rule lemmatizer likewise sets each token's lemma from Python, token by token (~4 ms per article);
`LemmaMemo` asks it once per (word, POS, morphology), the only things its rules read, and writes the
lemmas back as one column.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

#: token attributes a pattern may test, in the order of the memo key
_KEY_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE")
#: attributes a pattern may set, in the order of the columns written back
_SET_ATTRS = ("POS", "MORPH", "LEMMA", "TAG", "DEP")
#: memo entries kept before a memo is cleared, so that memory stays bounded on any corpus (one per distinct
#: tag/lower/dep/space or word/POS/morphology; 300 benchmark articles make ~1,200; an entry is ~250 bytes)
MEMO_LIMIT = 100_000

Check = Callable[[tuple[str, str, str, bool]], bool]


def _value_check(pos: int, spec: Any) -> Check | None:
    """A test on one field of the key for one pattern value, or None when the Matcher's semantics are not covered."""
    if isinstance(spec, dict):
        if len(spec) != 1:
            return None
        (op, arg), = spec.items()
        if op == "IN" and isinstance(arg, list):
            allowed = frozenset(arg)
            return lambda key: key[pos] in allowed
        if op == "NOT_IN" and isinstance(arg, list):
            banned = frozenset(arg)
            return lambda key: key[pos] not in banned
        if op == "REGEX" and isinstance(arg, str) and pos != 3:
            rx = re.compile(arg)
            return lambda key: bool(rx.search(str(key[pos])))
        return None
    if pos == 3:
        if not isinstance(spec, bool):
            return None
        return lambda key: key[3] is spec
    if not isinstance(spec, str):
        return None
    return lambda key: key[pos] == spec


def _token_check(token_pattern: dict[str, Any]) -> Check | None:
    """All of one pattern token's tests, or None when one of them is not covered."""
    checks = []
    for attr, spec in token_pattern.items():
        name = attr.upper()
        if name not in _KEY_ATTRS:
            return None
        check = _value_check(_KEY_ATTRS.index(name), spec)
        if check is None:
            return None
        checks.append(check)
    return lambda key: all(c(key) for c in checks)


class AttributeTable:
    """A pipeline component doing what an `AttributeRuler` with the same patterns does."""

    def __init__(self, vocab: Any, name: str = "attribute_ruler") -> None:
        self.vocab = vocab
        self.name = name
        #: distinct token tests, and the patterns built on them: (rule number, tests, index, attrs)
        self._checks: list[Check] = []
        self._single: list[tuple[int, int, dict[int, int]]] = []  # (rule, check, attrs)
        self._multi: list[tuple[int, tuple[int, ...], int, dict[int, int]]] = []  # (rule, checks, index, attrs)
        self._memo: dict[tuple[int, int, int, int], int] = {}
        #: per memo slot: tests passed, single-token rules (rule, attrs), multi-token rules starting here,
        #: the merged values of its single-token rules per column, and which columns they set
        self._slots: list[Any] = []
        self._columns = [self._id(a) for a in _SET_ATTRS]

    @classmethod
    def from_ruler(cls, ruler: Any) -> AttributeTable | None:
        """The table for `ruler`'s patterns, or None when one of them is beyond what the table evaluates."""
        table = cls(ruler.vocab, ruler.name)
        for rule, entry in enumerate(ruler.patterns):
            attrs = ruler.attrs[rule]
            if not set(attrs) <= set(table._columns):
                return None
            for pattern in entry["patterns"]:
                if not pattern or any(not isinstance(t, dict) or "OP" in t for t in pattern):
                    return None
                ids = []
                for token_pattern in pattern:
                    check = _token_check(token_pattern)
                    if check is None:
                        return None
                    table._checks.append(check)
                    ids.append(len(table._checks) - 1)
                index = entry.get("index", 0)
                if not -len(pattern) <= index < len(pattern):
                    return None
                if len(pattern) == 1:
                    table._single.append((rule, ids[0], attrs))
                else:
                    table._multi.append((rule, tuple(ids), index % len(pattern), attrs))
        return table

    def _id(self, name: str) -> int:
        from spacy.attrs import IDS

        return int(IDS[name])

    def _slot(self, key: tuple[int, int, int, int]) -> int:
        """The memo slot of one token's (tag, lower, dep, space) ids: the tests it passes and what its rules set."""
        strings = self.vocab.strings
        skey = (strings[key[0]] if key[0] else "", strings[key[1]] if key[1] else "",
                strings[key[2]] if key[2] else "", bool(key[3]))
        passed = frozenset(i for i, check in enumerate(self._checks) if check(skey))
        rules = tuple((rule, attrs) for rule, check_id, attrs in self._single if check_id in passed)
        starts = tuple(m for m in self._multi if m[1][0] in passed)
        values, mask = self._merge(rules)
        self._slots.append((passed, rules, starts, values, mask))
        slot = self._memo[key] = len(self._slots) - 1
        return slot

    def _merge(self, rules: tuple[tuple[int, dict[int, int]], ...]) -> tuple[tuple[int, ...], tuple[bool, ...]]:
        """What `rules` set, applied in order (a later rule wins): the value and whether it is set, per column."""
        values = [0] * len(self._columns)
        mask = [False] * len(self._columns)
        for _rule, attrs in rules:
            for attr, value in attrs.items():
                j = self._columns.index(attr)
                values[j], mask[j] = value, True
        return tuple(values), tuple(mask)

    def __call__(self, doc: Any) -> Any:
        import numpy
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        n = len(doc)
        if not n:
            return doc
        if len(self._memo) >= MEMO_LIMIT:  # between Docs, never while a Doc's slot numbers are in use
            self._memo.clear()
            self._slots.clear()
        memo, slots = self._memo, self._slots
        idx = []
        for k in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist():
            key = tuple(k)
            slot = memo.get(key)  # type: ignore[arg-type]
            idx.append(self._slot(key) if slot is None else slot)  # type: ignore[arg-type]
        rows = [slots[s] for s in idx]
        values = numpy.array([r[3] for r in rows], dtype=numpy.uint64)
        mask = numpy.array([r[4] for r in rows], dtype=bool)
        extra: dict[int, list[tuple[int, dict[int, int]]]] = {}
        for i, row in enumerate(rows):
            for rule, ids, index, attrs in row[2]:  # multi-token rules whose first test this token passes
                if i + len(ids) <= n and all(ids[j] in rows[i + j][0] for j in range(1, len(ids))):
                    extra.setdefault(i + index, list(rows[i + index][1])).append((rule, attrs))
        for target, rules in extra.items():  # with its single-token rules, in the ruler's order
            values[target], mask[target] = self._merge(tuple(sorted(rules, key=lambda r: r[0])))
        if not mask.any():
            return doc
        out = doc.to_array(self._columns).astype(numpy.uint64)
        doc.from_array(self._columns, numpy.where(mask, values, out))
        return doc


class LemmaMemo:
    """A pipeline component doing what spaCy's rule or lookup `Lemmatizer` does, asking it once per distinct token."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.name = lemmatizer.name
        self.vocab = lemmatizer.vocab
        self._memo: dict[tuple[int, int, int], int] = {}

    @property
    def lookups(self) -> Any:
        """The lemmatizer's tables (the selective parser reads its irregular forms)."""
        return self.lemmatizer.lookups

    @property
    def mode(self) -> str:
        return str(self.lemmatizer.mode)

    @classmethod
    def from_lemmatizer(cls, lemmatizer: Any) -> LemmaMemo | None:
        """The memo for a rule or lookup lemmatizer that keeps lemmas already set, or None for any other."""
        from spacy.pipeline import Lemmatizer

        if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.overwrite or lemmatizer.mode not in ("rule", "lookup"):
            return None
        return cls(lemmatizer)

    def pipe(self, docs: Iterable[Any], batch_size: int = 128) -> Iterator[Any]:
        """What `nlp.pipe` calls: each Doc in turn (spaCy would otherwise look for the lemmatizer's own pipe)."""
        for doc in docs:
            yield self(doc)

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            from spacy.errors import Errors

            lemmatizer._validate_tables(Errors.E1004)
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        memo, add = self._memo, self.vocab.strings.add
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:
                continue  # set by the attribute ruler: the lemmatizer keeps it (overwrite=False)
            key = (orth, pos, morph)
            got = memo.get(key)
            if got is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                got = memo[key] = add(lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = got
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


def speed_up(nlp: Any) -> list[str]:
    """Swap `nlp`'s attribute ruler and lemmatizer for their tables where they qualify; the names swapped."""
    swapped = []
    if replace_ruler(nlp):
        swapped.append("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names:
        memo = LemmaMemo.from_lemmatizer(nlp.get_pipe("lemmatizer"))
        if memo is not None and _swap(nlp, "lemmatizer", memo):
            swapped.append("lemmatizer")
    return swapped


def _swap(nlp: Any, name: str, component: Any) -> bool:
    """Put `component` in the place of the pipeline's `name` (spaCy's replace_pipe wants a registered factory)."""
    components = getattr(nlp, "_components", None)
    if not isinstance(components, list):
        return False
    names = [n for n, _proc in components]
    if names.count(name) != 1:
        return False
    components[names.index(name)] = (name, component)
    nlp._link_components()
    return True


def replace_ruler(nlp: Any) -> bool:
    """Swap `nlp`'s attribute ruler for an `AttributeTable` with the same patterns; False when it keeps the ruler."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    table = AttributeTable.from_ruler(ruler)
    if table is None:
        return False
    return _swap(nlp, "attribute_ruler", table)
