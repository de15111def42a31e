"""The orchestrator: one Article flows through named stages.

    source  -> detente.ingest.read        Article (clean body + metadata) or Failure
    nlp     -> detente.nlp.pipe           spaCy Doc of the headline and body (`analysed_text`; English only)
    actors  -> registry "actors" stage    list[Actor] with mentions (char spans into the body)
    events  -> registry "events" stage    list[Event] with parties, date, modality, evidence
    places  -> registry "places" stage    each Event's location (sentence, dateline or article focus)
    store   -> detente.store.Store        (the caller's choice: `extract` prints instead)

Non-English articles pass through with no actors or events and a note that says why.

The headline is analysed with the body, as its first sentence: headlines name the article's actors and often its
main event. Offsets in the output are always into the stored body (`relocate`); an event read only from the
headline has `evidence.part == "title"` and offsets into the title.
"""
from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from detente import nlp, pieces, registry
from detente.model import Article, Event, Evidence, Extraction

#: what separates the headline from the body in the analysed text: a full stop (headlines have none) so that
#: both the sentence splitter and the parser end the headline's sentence there, and a paragraph break
TITLE_SEPARATOR = ".\n\n"


def analysed_text(article: Article) -> str:
    """The text the stages read: the headline, then the body (the body alone when it already opens with the
    headline, or there is none)."""
    title = " ".join((article.title or "").split())
    body = article.body
    if not title or body.lstrip()[: len(title)].casefold() == title.casefold():
        return body
    sep = TITLE_SEPARATOR if title[-1] not in ".!?" else TITLE_SEPARATOR[1:]
    return title + sep + body


def body_start(article: Article) -> int:
    """Where the body starts in `analysed_text(article)`."""
    return len(analysed_text(article)) - len(article.body)


def relocate(extraction: Extraction, offset: int) -> None:
    """Offsets into the analysed text -> offsets into the body; what was read in the headline keeps offsets into
    the headline (`Evidence.part == "title"`) and its actor mentions are dropped (a mention is a span of the body)."""
    if offset <= 0:
        return
    title = " ".join((extraction.article.title or "").split())
    for actor in extraction.actors:
        kept = []
        for m in actor.mentions:
            if m.start >= offset:
                m.start -= offset
                m.end -= offset
                kept.append(m)
        actor.mentions = kept

    def move(ev: Evidence) -> None:
        if ev.start >= offset:
            ev.start -= offset
            ev.end -= offset
            if ev.trigger_start is not None and ev.trigger_end is not None:
                ev.trigger_start -= offset
                ev.trigger_end -= offset
            return
        ev.part = "title"
        ev.sentence = title
        ev.start, ev.end = 0, len(title)

    for event in extraction.events:
        move(event.evidence)
        for more in event.more_evidence:
            move(more)
        if event.evidence.part == "title" and event.more_evidence:
            # the body's sentence is the better evidence: the headline's words are kept as a further one
            body = next((e for e in event.more_evidence if e.part == "body"), None)
            if body is not None:
                event.more_evidence.remove(body)
                event.more_evidence.insert(0, event.evidence)
                event.evidence = body


@dataclass
class Options:
    """What the stages are and how they are set up (from config, env or the CLI): `Options.from_config()`
    is what `detente ingest`, `detente extract`, `serve --allow-ingest` and `detente eval` run with."""

    actors: str = registry.DEFAULTS["actors"]
    events: str = registry.DEFAULTS["events"]
    #: the places stage; "" (or "none") leaves every event's location None
    places: str = registry.DEFAULTS["places"]
    model: str | None = None
    actor_files: list[str] = field(default_factory=list)
    batch_size: int = nlp.BATCH_SIZE
    #: parse only the sentences that can hold an event, tokenise the rest (detente.selective): on by
    #: default; DETENTE_SELECTIVE=0 (or `--full-parse`) runs the whole spaCy pipeline on every sentence
    selective: bool = field(default_factory=lambda: os.environ.get("DETENTE_SELECTIVE", "1").strip().lower()
                            not in ("0", "false", "no", "off"))

    @classmethod
    def from_config(cls, cfg: dict[str, Any] | None = None, *, actor_files: Iterable[str] = (),
                    extractor: str | None = None, model: str | None = None) -> Options:
        """The user's config file (`detente.config.load()`, or `cfg` as it gives it) with the caller's choices
        on top: `extractor` and `model` replace the file's, `actor_files` add to its dictionaries.
        A config file that does not parse, or has unknown keys, raises ValueError."""
        if cfg is None:
            from detente import config

            cfg = config.load()
        opts = cls()
        opts.model = model or cfg.get("model")
        opts.events = extractor or cfg.get("extractor") or opts.events
        opts.actors = cfg.get("actors_stage") or opts.actors
        places = cfg.get("places", opts.places)
        if not isinstance(places, str) or (places not in ("", "none") and places not in registry.names("places")):
            known = ", ".join(['"none"', *(f'"{n}"' for n in registry.names("places"))])
            raise ValueError(f"config: places = {places!r} is no places stage (known: {known})")
        opts.places = places
        opts.actor_files = list(cfg.get("actors", [])) + list(actor_files)
        return opts


class Pipeline:
    """The stages, built once and reused for every article."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._actors: registry.ActorsStage | None = None
        self._events: registry.EventsStage | None = None
        self._places: registry.PlacesStage | None = None

    def _stages(self) -> tuple[registry.ActorsStage, registry.EventsStage]:
        if self._actors is None or self._events is None:
            self._actors = registry.actors(self.options.actors)(actor_files=self.options.actor_files)
            self._events = registry.events(self.options.events)()
            if self.options.places and self.options.places != "none":
                self._places = registry.places(self.options.places)()
        return self._actors, self._events

    def _pipe(self, texts: Iterable[tuple[str, Any]], batch_size: int) -> Iterator[tuple[Any, Any]]:
        """(Doc, context) pairs: the selective parse by default, every sentence parsed with `selective=False`."""
        if self.options.selective:
            from detente.selective import SelectivePipe

            return SelectivePipe(self.options.model).pipe(texts, batch_size=batch_size)
        return nlp.pipe(texts, model=self.options.model, batch_size=batch_size)

    def run(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """Extractions in input order; spaCy streams the English ones in batches.

        The stages and spaCy are loaded when the first article comes, so that a run with nothing new to
        parse (an ingest of what is stored already) never loads them."""
        stream = iter(articles)
        first = next(stream, None)
        if first is None:
            return
        actors_stage, events_stage = self._stages()
        # Non-English articles keep their place in the stream: they go through nlp.pipe as empty
        # texts (cheap) and extract_doc notes why they got no actors or events. So does a body too long to
        # parse at once, which is then processed in pieces (extract_long).
        texts = (((analysed_text(a) if a.is_english and not pieces.too_long(a) else ""), a)
                 for a in itertools.chain([first], stream))
        for doc, art in self._pipe(texts, self.options.batch_size):
            if pieces.too_long(art):
                yield self.extract_long(art, actors_stage, events_stage)
            else:
                yield self.extract_doc(doc, art, actors_stage, events_stage)

    def extract_long(self, article: Article, actors_stage: registry.ActorsStage,
                     events_stage: registry.EventsStage) -> Extraction:
        """A body over `pieces.PIECE_CHARS`, through every stage one piece at a time (see detente.pieces); the
        headline is read with the first piece."""
        body = article.body
        parts = []
        texts = ((analysed_text(piece), (start, piece)) for start, piece in (
            (start, dataclasses.replace(article, body=body[start:end], body_hash=article.body_hash,
                                        title=article.title if start == 0 else None))
            for start, end in pieces.spans(body)))
        for doc, (start, piece) in self._pipe(texts, batch_size=1):  # one piece's Doc alive at a time
            parts.append((start, self.extract_doc(doc, piece, actors_stage, events_stage)))
        merge_events: Callable[[list[Event]], list[Event]] | None = None
        if self.options.events == "rules.v1":
            from detente.events.extract import merge

            merge_events = merge
        return pieces.merge(article, parts, merge_events)

    def extract_doc(self, doc: Any, article: Article, actors_stage: registry.ActorsStage | None = None,
                    events_stage: registry.EventsStage | None = None) -> Extraction:
        if actors_stage is None or events_stage is None:
            actors_stage, events_stage = self._stages()
        if not article.is_english:
            note = f"skipped actors and events: language {article.language!r} is not English"
            return Extraction(article=article, notes=[note])
        offset = body_start(article)
        doc.user_data[nlp.BODY_START] = offset
        actors = actors_stage(doc, article)
        events = events_stage(doc, article, actors)
        if self._places is not None:  # before `relocate`: the stage reads the Doc, whose offsets are the analysed text's
            events = self._places(doc, article, actors, events)
        from detente.events import tree

        tree.release(doc)  # the stages are done with the Doc: their per-document reads go with them
        extraction = Extraction(article=article, actors=actors, events=events)
        relocate(extraction, offset)
        return extraction


def extract_each(pipeline: Pipeline, articles: list[Article]) -> list[Extraction | str]:
    """Extractions for `articles`, in order; an article whose extraction raises becomes its one-line error.

    The batch runs as one stream; if anything in it raises, each article runs alone, so one article that
    breaks a stage (or runs out of memory) costs only itself, never the run.
    """
    try:
        return list(pipeline.run(articles))
    except Exception:  # noqa: BLE001 - find which article broke, keep the others
        out: list[Extraction | str] = []
        for art in articles:
            try:
                out.extend(pipeline.run([art]))
            except Exception as exc:  # noqa: BLE001
                why = (str(exc).splitlines() or [""])[0][:200]
                out.append(f"extraction failed: {type(exc).__name__}: {why}".rstrip(": "))
        return out


class ExtractionFailure:
    """An article read fine whose extraction raised: reported like a reader's Failure."""

    def __init__(self, source: str, reason: str) -> None:
        self.source, self.reason = source, reason

    def __str__(self) -> str:
        from detente.ingest.base import one_line

        return one_line(f"{self.source}: {self.reason}")


def extract(articles: Iterable[Article], options: Options | None = None) -> Iterator[Extraction]:
    """Run every stage after reading over `articles`."""
    return Pipeline(options).run(articles)


@dataclass
class IngestReport:
    """What one ingest run did: counts, and every failure with its one-line reason."""

    new: int = 0
    duplicate: int = 0
    sources_added: int = 0
    non_english: int = 0
    events: int = 0
    failed: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def to_dict(self) -> dict[str, Any]:
        return {"new": self.new, "duplicate": self.duplicate, "sources_added": self.sources_added,
                "non_english": self.non_english, "events": self.events, "failed": [str(f) for f in self.failed]}


def fresh_articles(sources: Iterable[str], store: Any, report: IngestReport, in_run: set[str],
                   extra_sources: dict[str, list[str]], on_item: Callable[[str, Any], None] | None = None
                   ) -> Iterator[Article]:
    """The articles of `sources` that are not stored yet, for any ingest engine.

    Failures and duplicates are counted in `report` (and passed to `on_item`). A duplicate of a stored
    article only adds its sources; a duplicate of one still in this run (its body hash in `in_run`) keeps
    its sources in `extra_sources` until `settle` runs for it once it is stored.
    """
    from detente.ingest import Failure, read

    for item in read(sources):
        if isinstance(item, Failure):
            failed(report, item, on_item)
            continue
        if item.body_hash in in_run:
            report.duplicate += 1
            extra_sources.setdefault(item.body_hash, []).extend(item.sources)
        elif stored := store.known(item):
            report.duplicate += 1
            report.sources_added += store.add_sources(stored, item.sources)
        else:
            in_run.add(item.body_hash)
            yield item
            continue
        if on_item:
            on_item("duplicate", item)


def settle(store: Any, report: IngestReport, body_hash: str, in_run: set[str], extra_sources: dict[str, list[str]]) -> None:
    """An article of this run is stored (or failed): forget it, and add the sources its duplicates brought."""
    in_run.discard(body_hash)
    extra = extra_sources.pop(body_hash, None)
    if extra and (stored := store.known(body_hash)):
        report.sources_added += store.add_sources(stored, extra)


def count_saved(report: IngestReport, extraction: Extraction, new: bool) -> None:
    """Count a stored article; one found stored by then (another process stored it meanwhile) is a duplicate."""
    if new:
        report.new += 1
        report.events += len(extraction.events)
        if not extraction.article.is_english:
            report.non_english += 1
    else:
        report.duplicate += 1


def save_batch(store: Any, report: IngestReport, extractions: list[Extraction],
               on_item: Callable[[str, Any], None] | None = None) -> None:
    """Store extractions made elsewhere (Parquet shards, JSON lines) in one transaction and count them.

    An article whose body is stored already counts as a duplicate (its sources are added).
    """
    for extraction, new in zip(extractions, store.save_many(extractions), strict=True):
        count_saved(report, extraction, new)
        if on_item:
            on_item("new" if new else "duplicate", extraction)


def ingest(sources: Iterable[str], store: Any, options: Options | None = None,
           on_item: Callable[[str, Any], None] | None = None) -> IngestReport:
    """Read `sources`, extract what is new, store each article in its own transaction.

    Articles whose body is already stored (this run or before) are not parsed again: only their
    new sources are recorded, so re-running an ingest is a no-op. `on_item(kind, item)` is called
    for every input ("new", "duplicate", "failed") so the CLI can show progress and errors. An article
    whose extraction fails is a failure like an unreadable input; the run goes on.
    """
    report = IngestReport()
    in_run: set[str] = set()
    extra_sources: dict[str, list[str]] = {}
    pipeline = Pipeline(options)
    articles = fresh_articles(sources, store, report, in_run, extra_sources, on_item)
    for batch in chunks(articles, pipeline.options.batch_size):
        for article, result in zip(batch, extract_each(pipeline, batch), strict=True):
            if isinstance(result, str):
                failed(report, ExtractionFailure(article.source or article.id, result), on_item)
            else:
                new = store.save(result)
                count_saved(report, result, new)
                if on_item:
                    on_item("new" if new else "duplicate", result)
            settle(store, report, article.body_hash, in_run, extra_sources)
    return report


def failed(report: IngestReport, failure: Any, on_item: Callable[[str, Any], None] | None = None) -> None:
    report.failed.append(failure)
    if on_item:
        on_item("failed", failure)


def chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Lists of `size` items (the last may be shorter), read lazily."""
    buf: list[Article] = []
    for item in items:
        buf.append(item)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf
