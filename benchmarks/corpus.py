"""A synthetic news corpus of any size for benchmarks: team-written templates, many actors and event kinds.

Each article is drawn from its own seeded random stream (`seed:index`), so a corpus of 20,000 is the
corpus of 1,000 plus 19,000 more, and generating it needs no memory beyond one article. The material
(states with leaders and capitals, armed groups, organisations, event templates of 15 kinds, filler
sentences without events, page chrome) lives in corpus_data.toml beside this file.

    .venv/bin/python benchmarks/corpus.py OUT_DIR --n 1000 [--format txt|jsonl] [--seed 1]

`txt` writes scraped-looking pages with site chrome (menus, ads, newsletter boxes) in sub-folders of
1,000; `jsonl` writes one `corpus.jsonl` whose `text` is the clean body with url/outlet/title/published.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("corpus_data.toml")
#: sentences per article: 30-42 sentences of ~14 words make the ~500-word article the issue's figures assume
#: (measured: 200 articles average ~500 words)
SENTENCES = (30, 42)
#: share of sentences that state an event; the rest is background and colour, as in wire copy
EVENT_SHARE = 0.35
#: articles per sub-folder in txt output, so no folder holds 100,000 files
PER_FOLDER = 1000
FIRST_DAY = date(2024, 1, 1)
DAYS = 730
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass
class Generated:
    """One synthetic article: its clean body, its page with chrome, and the metadata the page shows."""

    index: int
    id: str
    outlet: str
    section: str
    title: str
    dek: str
    byline: str
    published: date
    url: str
    paragraphs: list[str]
    page: str

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    def record(self) -> dict[str, Any]:
        """The JSONL form the jsonl reader takes: clean text plus metadata."""
        return {"id": self.id, "url": self.url, "outlet": self.outlet, "title": self.title,
                "published": self.published.isoformat(), "section": self.section, "byline": self.byline,
                "text": self.body}


@lru_cache(maxsize=1)
def material() -> dict[str, Any]:
    """corpus_data.toml, loaded once and checked for the keys the generator needs."""
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    for key in ("state", "group", "organisations", "venues", "outlets", "events", "topics", "filler", "chrome"):
        if key not in data:
            raise ValueError(f"{DATA}: missing [{key}]")
    for st in data["state"]:
        missing = {"name", "adj", "capital", "leader", "minister"} - set(st)
        if missing:
            raise ValueError(f"{DATA}: state {st.get('name')!r} lacks {sorted(missing)}")
    states = {s["name"] for s in data["state"]}
    for g in data["group"]:
        if g["home"] not in states:
            raise ValueError(f"{DATA}: group {g['name']!r} has unknown home {g['home']!r}")
    return data


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Filler:
    """Fills the slots of one template from an article's cast and random stream."""

    def __init__(self, rng: random.Random, cast: dict[str, dict[str, str]], extra: dict[str, str]) -> None:
        self.rng, self.cast, self.extra = rng, cast, extra

    def __call__(self, template: str) -> str:
        def slot(m: re.Match[str]) -> str:
            name = m.group(1)
            if name in self.extra:
                return self.extra[name]
            role, _, attr = name.partition("_")
            if role in self.cast:
                return self.cast[role][attr or "name"]
            return self._random(name)

        return _cap(re.sub(r"\{(\w+)\}", slot, template))

    def _random(self, name: str) -> str:
        rng, data = self.rng, material()
        if name == "day":
            return rng.choice(WEEKDAYS)
        if name == "month":
            return rng.choice(MONTHS)
        if name == "n":
            return str(rng.choice([3, 4, 5, 7, 12, 15, 20, 24, 30, 40, 60, 100, 250]))
        if name == "amount":
            return f"${rng.choice([5, 10, 20, 50, 100, 250, 500])} million"
        if name == "city":
            return rng.choice(data["venues"]["cities"])
        if name == "topic":
            return rng.choice(data["topics"]["names"])
        raise KeyError(f"unknown slot {{{name}}}")


def generate(index: int, seed: int = 1) -> Generated:
    """Article number `index` of the corpus for `seed`: the same every time."""
    data = material()
    rng = random.Random(f"{seed}:{index}")
    a, b, c = rng.sample(data["state"], 3)
    group = rng.choice(data["group"])
    cast = {k: {"name": v["name"], "adj": v["adj"], "cap": v["capital"], "leader": v["leader"], "min": v["minister"]}
            for k, v in (("A", a), ("B", b), ("C", c))}
    extra = {"G": group["name"], "O": rng.choice(data["organisations"]["names"])}
    fill = _Filler(rng, cast, extra)

    kinds = sorted(data["events"])
    n_sentences = rng.randint(*SENTENCES)
    sentences: list[str] = []
    lead_kind = rng.choice(kinds)
    sentences.append(fill(rng.choice(data["events"][lead_kind])))
    dek_template = rng.choice(data["filler"]["sentences"])  # never also a sentence of the body
    pool = [f for f in data["filler"]["sentences"] if f != dek_template]
    fillers: list[str] = []
    for _ in range(n_sentences - 1):
        if rng.random() < EVENT_SHARE:
            if rng.random() < 0.3:  # a sentence about another pair of the cast
                cast["A"], cast["B"] = cast["B"], cast["A"]
            sentences.append(fill(rng.choice(data["events"][rng.choice(kinds)])))
        else:
            if not fillers:  # each background sentence once per article until they run out
                fillers = rng.sample(pool, len(pool))
            sentences.append(fill(fillers.pop()))
    paragraphs, i = [], 0
    while i < len(sentences):
        k = rng.choice((1, 2, 2, 3))
        paragraphs.append(" ".join(sentences[i:i + k]))
        i += k

    published = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    outlet = rng.choice(data["outlets"]["names"])
    section = rng.choice(data["outlets"]["sections"])
    title = re.sub(r" (on|this|last) \w+(?= |$)", "", sentences[0].rstrip(".")).split(",")[0]
    dek = fill(dek_template)
    byline = rng.choice(data["outlets"]["reporters"])
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    host = re.sub(r"[^a-z]+", "", outlet.lower().removeprefix("the "))
    url = f"https://{host}.example/{published:%Y/%m/%d}/{slug}-{index}"
    page = _page(rng, outlet, section, title, dek, byline, published, paragraphs)
    return Generated(index=index, id=f"bench-{seed}-{index}", outlet=outlet, section=section, title=title, dek=dek,
                     byline=byline, published=published, url=url, paragraphs=paragraphs, page=page)


def _page(rng: random.Random, outlet: str, section: str, title: str, dek: str, byline: str, published: date,
          paragraphs: list[str]) -> str:
    """The article as a scraper's text dump shows it: menus, headline block, ads between paragraphs, footer."""
    chrome = material()["chrome"]
    other = generate_title(rng)
    lines = rng.sample(chrome["top"], rng.randint(1, 3)) + [rng.choice(chrome["nav"]), outlet.upper(), section, title, dek,
                                                           f"By {byline}",
                                                           f"{published:%A}, {published.day} {published:%B %Y} | "
                                                           f"{rng.randint(2, 8)} min read", ""]
    for i, para in enumerate(paragraphs):
        lines += [para, ""]
        if i in (2, 6) and rng.random() < 0.7:
            lines += [rng.choice(chrome["inline"]), ""]
    lines.append(rng.choice(chrome["after"]).format(title2=other))
    for line in rng.sample(chrome["bottom"], rng.randint(2, 4)):
        lines.append(line.format(year=published.year, outlet=outlet))
    return "\n".join(lines) + "\n"


def generate_title(rng: random.Random) -> str:
    """A headline for a 'read more' link: another story's lead, cut short."""
    data = material()
    a, b = rng.sample(data["state"], 2)
    return f"{_cap(a['name'])} and {b['name']} {rng.choice(['agree to talks', 'trade accusations', 'sign deal', 'hold summit'])}"


def articles(n: int, seed: int = 1, start: int = 0) -> Iterator[Generated]:
    """Articles `start` .. `start + n - 1`, one at a time."""
    for i in range(start, start + n):
        yield generate(i, seed)


def write(out: Path, n: int, fmt: str = "txt", seed: int = 1) -> Path:
    """Write `n` articles under `out`; returns the path to give `detente ingest`."""
    out.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        path = out / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for art in articles(n, seed):
                fh.write(json.dumps(art.record(), ensure_ascii=False) + "\n")
        return path
    if fmt != "txt":
        raise ValueError(f"unknown format {fmt!r} (txt or jsonl)")
    for art in articles(n, seed):
        folder = out / f"{art.index // PER_FOLDER:04d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{art.index:07d}.txt").write_text(art.page, encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--format", choices=("txt", "jsonl"), default="txt")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    path = write(args.out, args.n, args.format, args.seed)
    print(f"wrote {args.n} articles to {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
