"""One Doc's parse as the events stage reads it, many times over: a token's sentence and its children.

spaCy makes a new Token object for every child it yields and walks the sentence boundaries on every
`Token.sent`; the rule frames, the modality cues and the attribution ask about the same few tokens again and
again (a trigger and its governors are tested by every modality cue, a verb's children by every entry of
the lexicon). `of(doc)` answers from what it has read once: the Doc's sentences, and each token's children
with their labels and forms, memoised as they are asked for.
"""
from __future__ import annotations

import bisect
from typing import Any

from spacy.attrs import DEP, LEMMA, LOWER, POS

Token = Any  # spacy.tokens.Token: kept loose so that mypy does not need spaCy's stubs
Span = Any  # spacy.tokens.Span
#: a child of a token, with the two strings the events stage tests on it: (token, dep_, lower_)
Kid = tuple[Token, str, str]


class Tree:
    """Memoised reads of one Doc's parse (the Doc must not change while the events stage reads it)."""

    __slots__ = ("doc", "_sents", "_starts", "_kids", "_depth", "_words", "hooked")

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self._sents: list[Span] | None = None
        self._starts: list[int] = []
        self._kids: dict[int, tuple[Kid, ...]] = {}
        self._depth: dict[int, int] = {}
        self._words: list[list[int]] | None = None
        #: a pipeline component may define sentences by a hook: then Token.sent is the only authority
        self.hooked = bool(doc.user_hooks or doc.user_span_hooks or doc.user_token_hooks)

    def sent(self, tok: Token) -> Span:
        """`tok.sent`, found by bisection in the Doc's sentences (read once) instead of by walking the tokens."""
        if self.hooked:
            return tok.sent
        sents = self.sentences()
        return sents[bisect.bisect_right(self._starts, tok.i) - 1]

    def sentences(self) -> list[Span]:
        """`list(doc.sents)`, read once."""
        if self._sents is None:
            self._sents = list(self.doc.sents)
            self._starts = [s.start for s in self._sents]
        return self._sents

    def words(self) -> list[list[int]]:
        """Per token, the string ids of its LOWER, POS, LEMMA and DEP: what the scans over every token test."""
        if self._words is None:
            self._words = self.doc.to_array([LOWER, POS, LEMMA, DEP]).tolist() if len(self.doc) else []
        return self._words

    def kids(self, tok: Token) -> tuple[Kid, ...]:
        """`tok.children` in order, each with its dependency label and lower-cased form; read once per token."""
        got = self._kids.get(tok.i)
        if got is None:
            got = self._kids[tok.i] = tuple([(c, c.dep_, c.lower_) for c in tok.children])  # a list: twice as fast
        return got

    def depth(self, tok: Token) -> int:
        """`len(list(tok.ancestors))`: how many heads lie above the token, each token's counted once per Doc."""
        got = self._depth.get(tok.i)
        if got is None:
            path = [tok]
            head = tok.head
            while head.i != path[-1].i and head.i not in self._depth and len(path) <= len(self.doc):
                path.append(head)
                head = head.head
            # the top of the path is a root (no ancestors) or a token counted before
            base = 0 if head.i == path[-1].i else self._depth.get(head.i, -1) + 1
            for n, t in enumerate(reversed(path)):
                self._depth[t.i] = base + n
            got = self._depth[tok.i]
        return got

    def children(self, tok: Token) -> list[Token]:
        """`list(tok.children)`, from the memo."""
        return [c for c, _dep, _low in self.kids(tok)]

    def child(self, tok: Token, deps: frozenset[str] | tuple[str, ...]) -> Token | None:
        """The first child of `tok` with one of the labels `deps`, as `next(c for c in tok.children if ...)`."""
        return next((c for c, dep, _low in self.kids(tok) if dep in deps), None)

    def has_dep(self, tok: Token, dep: str) -> bool:
        """Whether a child of `tok` is labelled `dep`."""
        return any(d == dep for _c, d, _low in self.kids(tok))


#: Doc.user_data key of the Doc's Tree: the Tree lives and dies with its Doc (no module state), and `release` takes
#: it out once the stages are done, so that the Doc serialises as spaCy made it
TREE_KEY = "detente.tree"


def of(doc: Any) -> Tree:
    """The Tree of `doc`, shared by every part of the events stage while it reads that Doc."""
    tree = doc.user_data.get(TREE_KEY)
    if tree is None or tree.doc is not doc:
        tree = doc.user_data[TREE_KEY] = Tree(doc)
    return tree


def release(doc: Any) -> None:
    """Forget `doc`'s Tree (the stages are done with the Doc)."""
    doc.user_data.pop(TREE_KEY, None)
