"""The periods of a timeline: a day, a week ending Sunday, a month, a quarter, a year (pandas' periods, written
as pandas writes them, without pandas: `detente timeline` starts without it)."""
from __future__ import annotations

from datetime import date, timedelta

#: period codes for the `freq` names the CLI accepts (pandas' codes)
FREQS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y", "day": "D"}


def period_name(start: date, code: str) -> str:
    """A period as pandas writes it: 2024-03-05, 2024-03-04/2024-03-10 (a week ending Sunday), 2024-03, 2024Q1, 2024."""
    if code == "D":
        return start.isoformat()
    if code == "W":
        return f"{start.isoformat()}/{(start + timedelta(days=6)).isoformat()}"
    if code == "M":
        return f"{start.year}-{start.month:02d}"
    if code == "Q":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def next_start(start: date, code: str) -> date:
    """The first day of the period after the one that starts on `start`."""
    if code == "D":
        return start + timedelta(days=1)
    if code == "W":
        return start + timedelta(days=7)
    months = {"M": 1, "Q": 3}.get(code)
    if months is None:
        return date(start.year + 1, 1, 1)
    k = start.year * 12 + start.month - 1 + months
    return date(k // 12, k % 12 + 1, 1)


def period_start(day: date, code: str) -> date:
    """The first day of the period (D, W ending Sunday, M, Q, Y) holding `day`."""
    if code == "D":
        return day
    if code == "W":
        return day - timedelta(days=day.weekday())
    if code == "M":
        return day.replace(day=1)
    if code == "Q":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)
