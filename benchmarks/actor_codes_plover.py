"""How often the actors stage gives the gold state code to the PLOVER gold actors' texts.

For each record of ../shared/eval/plover-gsr/dev.json (the DOCUMENT header skipped) the sentence is parsed and
run through the actors stage; every gold source/target `actorText` is located in the sentence ("U.S. ...
negotiators" by its pieces) and the actor covering it is looked up with `actor_at`. Its code's state part is
compared with the gold code (CAMEO's JAP/ITL read as JPN/ITA, as the scorer does). Texts not found verbatim
in the sentence, and actors not found, count as misses.

    .venv/bin/python benchmarks/actor_codes_plover.py [--gold PATH] [--misses]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "eval" / "plover-gsr" / "dev.json"
CAMEO_QUIRKS = {"JAP": "JPN", "ITL": "ITA"}


def state(code: str | None) -> str:
    code = (code or "").upper().split(":")[0][:3]
    return CAMEO_QUIRKS.get(code, code)


def gold_actors(record: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for side in ("source", "target"):
        value = record.get(side)
        if isinstance(value, list):
            out += [(a["actorText"], a["code"]) for a in value if isinstance(a, dict) and a.get("actorText")]
    return out


def locate(text: str, actor_text: str) -> list[tuple[int, int]]:
    """Candidate character spans of `actor_text` in `text`, best first.

    Verbatim ("U.S. ... negotiators" from its first to its last piece) where the text has it; else each
    capitalised word of it that the sentence has ("French warships" in "French and Egyptian warships").
    """
    pieces = [p.strip() for p in actor_text.split("...") if p.strip()]
    if not pieces:
        return []
    first = text.find(pieces[0])
    if first < 0:
        first = text.lower().find(pieces[0].lower())
    if first >= 0:
        last = text.find(pieces[-1], first)
        return [(first, (last + len(pieces[-1])) if last >= 0 else first + len(pieces[0]))]
    spans = []
    for word in re.split(r"[\s-]+", actor_text):
        at = text.find(word)
        if word[:1].isupper() and at >= 0:
            spans.append((at, at + len(word)))
    return spans


def measure(records: list[dict[str, Any]]) -> dict[str, Any]:
    from detente import nlp
    from detente.actors import actor_at
    from detente.actors.resolve import make
    from detente.model import Article

    stage = make()
    model = nlp.load()
    records = [r for r in records if r.get("event") != "DOCUMENT"]
    texts = [(r["text"], r) for r in records]
    total = agree = 0
    misses = []
    for doc, r in model.pipe(texts, as_tuples=True, batch_size=64):
        actors = stage(doc, Article(body=r["text"], id=r["id"]))
        for actor_text, code in gold_actors(r):
            total += 1
            found = None
            for span in locate(r["text"], actor_text):
                found = actor_at(actors, *span)
                if found is not None:
                    break
            got = state(found.code) if found else ""
            if got == state(code):
                agree += 1
            else:
                misses.append({"id": r["id"], "text": actor_text, "gold": code, "got": got or None,
                               "actor": found.name if found else None})
    return {"records": len(records), "actor_texts": total, "agree": agree,
            "agreement": round(agree / total, 3) if total else 0.0, "misses": misses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--misses", action="store_true", help="list every disagreement")
    args = ap.parse_args()
    report = measure(json.loads(Path(args.gold).read_text(encoding="utf-8")))
    if not args.misses:
        report["misses"] = len(report["misses"])
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
