"""Which language an article is in, so English-only stages can skip the others and say so.

    detect(text) -> (code, confidence)

py3langid (it ships its model) scores the text; on top of it a rule that protects English: short
texts and sentences crowded with foreign names fool n-gram models, and an English article flagged
foreign loses all its events. So a text is called foreign only when the model is sure and English
function words are rare; when nothing is sure the answer is "und" (undetermined).
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

#: the code for "could not tell"; readers store it as language None, which English-only stages treat as English
UNDETERMINED = "und"
#: fewer letters than this say too little to call a text foreign (calibrated: py3langid gives
#: "Putin met Xi." to Afrikaans and "Biden visits Kyiv" to Finnish)
MIN_LETTERS = 40
#: a foreign verdict needs at least this normalised probability (the PLOVER dev sentences that are not
#: called English score at most 0.64 for their wrong language; French/Spanish news sentences >= 0.8)
FOREIGN_MIN_CONFIDENCE = 0.80
#: a text whose words are at least this share English function words is English (English news prose:
#: 0.30-0.45; French, Spanish and German prose under 0.08: words they share with English are left out)
ENGLISH_FUNCTION_SHARE = 0.15
#: English news prose has at least this share of function words: confidence 1.0 from that evidence alone
ENGLISH_TYPICAL_SHARE = 0.30
#: the function-word rule needs at least this many words to mean anything
MIN_FUNCTION_WORDS_TEXT = 4
#: English probability above which English wins even when another language scores higher
ENGLISH_MIN_PROBABILITY = 0.20
#: English-based creoles in py3langid's model: news English full of names scores as Nigerian Pidgin
#: (PLOVER dev: "Nigerian junior foreign minister Dubem Oniya summoned ..." -> pcm 0.64), so they count as English
ENGLISH_LIKE = frozenset({"en", "pcm"})
#: only the first this many characters are scored: enough for a verdict, bounded time on huge pages
SAMPLE_CHARS = 4000

_WORDS = re.compile(r"[^\W\d_]+", re.U)


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid with normalised probabilities, loaded once (about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@functools.lru_cache(maxsize=1)
def english_function_words() -> frozenset[str]:
    text = resources.files("detente.ingest").joinpath("data/english.txt").read_text(encoding="utf-8")
    found = frozenset(w.strip().casefold() for w in text.splitlines() if w.strip() and not w.startswith("#"))
    if len(found) < 20:
        raise ValueError("detente/ingest/data/english.txt: too few English function words")
    return found


def english_share(text: str) -> float:
    """Share of the words that are English function words."""
    return _share(_WORDS.findall(text))


def _share(words: list[str]) -> float:
    if not words:
        return 0.0
    common = english_function_words()
    return sum(map(common.__contains__, map(str.casefold, words))) / len(words)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code or "und", confidence 0..1): foreign only when sure, English never flagged foreign."""
    sample = text[:SAMPLE_CHARS]
    words = _WORDS.findall(sample)
    share = _share(words)
    enough_words = len(words) >= MIN_FUNCTION_WORDS_TEXT
    if enough_words and share >= ENGLISH_TYPICAL_SHARE:
        return "en", 1.0  # what the rule below gives whatever the model says: typical English prose, sure
    letters = sum(map(str.isalpha, sample))
    if letters == 0:
        return UNDETERMINED, 0.0
    ranked = _identifier().rank(sample)
    best, best_p = ranked[0]
    en_p = sum(p for lang, p in ranked if lang in ENGLISH_LIKE)
    if en_p >= ENGLISH_MIN_PROBABILITY or (share >= ENGLISH_FUNCTION_SHARE and enough_words):
        return "en", round(max(en_p, min(1.0, share / ENGLISH_TYPICAL_SHARE)), 3)
    if letters >= MIN_LETTERS and best_p >= FOREIGN_MIN_CONFIDENCE:
        return str(best), round(float(best_p), 3)
    return UNDETERMINED, round(float(best_p), 3)


def article_language(text: str) -> tuple[str | None, float]:
    """What readers store: the code, or None when undetermined (English-only stages then still run)."""
    code, score = detect(text)
    return (None if code == UNDETERMINED else code), score
