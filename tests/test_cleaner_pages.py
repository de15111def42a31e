"""The page cleaner on invented layouts (tests/data/ingest/pages), one row per page, and the seeds."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from detente.ingest import read
from detente.ingest.clean import clean_page
from detente.model import Article

PAGES = Path(__file__).parent / "data" / "ingest" / "pages"
EXPECTED = yaml.safe_load((PAGES / "expected.yaml").read_text(encoding="utf-8"))
SEEDS = Path("/work/shared/seeds")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_metadata_and_body(name: str) -> None:
    want = EXPECTED[name]
    page = clean_page((PAGES / name).read_text(encoding="utf-8"))
    for key in ("outlet", "section"):
        if key in want:
            assert getattr(page, key) == want[key], key
    for key in ("title", "dek", "byline"):
        if key in want:
            assert (getattr(page, key) or "").startswith(want[key]), f"{key}: {getattr(page, key)!r}"
    if "published" in want:
        assert page.published == want["published"]
    assert page.body.startswith(want["body_starts"])
    assert page.body.endswith(want["body_ends"])
    for bad in want.get("not_in_body", []):
        assert bad not in page.body, bad
    if "paragraphs" in want:
        assert len(page.body.split("\n\n")) == want["paragraphs"]


def test_every_page_has_a_table_row() -> None:
    assert sorted(p.name for p in PAGES.glob("*.txt")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 12


def test_text_reader_records_where_the_date_came_from() -> None:
    articles = [a for a in read([str(PAGES / "meridian_post.txt"), str(PAGES / "balkan_review.txt")]) if isinstance(a, Article)]
    assert [(a.published, a.published_source) for a in articles] == [(date(2025, 3, 3), "text"), (None, None)]
    assert all(a.reader == "text" and a.language == "en" for a in articles)
    assert articles[0].sources == [str(PAGES / "meridian_post.txt")]


@pytest.mark.parametrize(
    "page, published",
    [
        # a date inside the story is never the page's date
        ("Talks resume in Baku\n\nThe talks began on 3 March 2025 in Baku, officials said on Monday.\n", None),
        # only an update date: not a publication date
        ("Talks resume in Baku\nUpdated 4 March 2025\n\nAzerbaijan and Armenia resumed talks in Baku, officials said on Monday.\n", None),
        # day and month on one line, the year on the next
        ("5 Dec\n2024\nTalks resume in Baku\n\nAzerbaijan and Armenia resumed talks in Baku, officials said on Monday.\n", date(2024, 12, 5)),
        # a dotted European date
        ("Talks resume in Baku\n05.12.2024\n\nAzerbaijan and Armenia resumed talks in Baku, officials said on Monday.\n", date(2024, 12, 5)),
        # ambiguous day/month order: refused
        ("Talks resume in Baku\n05/12/2024\n\nAzerbaijan and Armenia resumed talks in Baku, officials said on Monday.\n", None),
        # a date far in the future is a misreading
        ("Talks resume in Baku\n5 December 2099\n\nAzerbaijan and Armenia resumed talks in Baku, officials said on Monday.\n", None),
    ],
)
def test_page_dates_are_never_invented(page: str, published: date | None) -> None:
    assert clean_page(page).published == published


def test_text_without_chrome_is_kept_whole() -> None:
    text = ("China and India agreed on Monday to resume direct flights, the two foreign ministries said.\n\n"
            "The agreement follows talks in Beijing between their foreign ministers.")
    page = clean_page(text)
    assert page.body == text
    assert page.title is None and page.published is None


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not mounted")
def test_seed_pages() -> None:
    by_name = {Path(a.source or "").name: a for a in read([str(p) for p in sorted(SEEDS.glob("*.txt"))]) if isinstance(a, Article)}
    abc = by_name["000_ef78b50f643680f5.txt"]
    assert (abc.outlet, abc.published, abc.published_source) == ("ABCMEDIA", date(2025, 6, 27), "text")
    assert abc.title and abc.title.startswith("Struggle for influence")
    assert "YEREVAN" not in abc.body and not abc.body.endswith("Prisoners of war")
    i24 = by_name["003_400d80341ec88f4a.txt"]
    assert (i24.outlet, i24.section, i24.published) == ("i24NEWS", "Analysis & Opinion", None)
    assert i24.body.startswith("Azerbaijan and Israel, who have been allies for 30 years")


@pytest.mark.parametrize("caption", [
    "Fire in the roof of the old cathedral. Image: A. Photographer.",
    "The president stands with leaders from Ghana and Togo at the signingImage: The Presidency.",
    "The collapse of the tower, around 19:45 Image: J. Smith (photos), K. Lee (montage).",
])
def test_a_caption_whose_credit_ends_its_line_is_cut(caption: str) -> None:
    text = ("China and India agreed on Monday to resume direct flights, the two foreign ministries said.\n\n"
            f"{caption}\n\n"
            "The agreement follows talks in Beijing between their foreign ministers.")
    page = clean_page(text)
    assert "Image:" not in (page.body or ""), page.body
    assert page.body is not None and page.body.endswith("between their foreign ministers.")


def test_a_sentence_about_an_image_is_kept() -> None:
    text = ("China and India agreed on Monday to resume direct flights, the two foreign ministries said.\n\n"
            "Officials said the image: a handshake in Beijing, was what both sides wanted to show.")
    assert clean_page(text).body == text
