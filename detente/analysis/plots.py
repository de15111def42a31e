"""PNG pictures with matplotlib (Agg, no display): a dyad's timeline and the signed actor graph."""
from __future__ import annotations

import os
from datetime import date
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

COOPERATION = "#2b8a3e"
CONFLICT = "#c92a2a"
MEDIATION = "#1c7ed6"


def timeline_png(dyad: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Bars of cooperation (up) and conflict (down) per period, the net as a line, mediated talks as markers."""
    rows = dyad["timeline"]
    fig, ax = plt.subplots(figsize=(11.5, 4.5), dpi=110)
    # A real date axis: a dyad that spans decades ("in the 1990s" ... "last week") stays readable,
    # with ticks chosen by matplotlib instead of one label per period.
    x = [float(d) for d in mdates.date2num([date.fromisoformat(r["start"]) for r in rows])]
    width = 0.8 * (min(b - a for a, b in zip(x, x[1:], strict=False)) if len(x) > 1 else 25.0)
    ax.bar(x, [r["cooperation"] for r in rows], width=width, align="edge", color=COOPERATION, label="cooperation")
    ax.bar(x, [r["conflict"] for r in rows], width=width, align="edge", color=CONFLICT, label="conflict")
    active = [(d, r["net"]) for d, r in zip(x, rows, strict=True) if r["events"]]
    ax.plot([d for d, _ in active], [n for _, n in active], color="black", marker="o", linewidth=1.5, label="net score")
    med = [(d, r["mediated"]) for d, r in zip(x, rows, strict=True) if r["mediated"]]
    if med:
        top = max([r["cooperation"] for r in rows] + [1.0])
        ax.scatter([d for d, _ in med], [top * 1.08] * len(med), marker="v", s=[40 + 20 * n for _, n in med],
                   color=MEDIATION, label="mediated / third-party events", zorder=3)
    ax.axhline(0, color="grey", linewidth=0.8)
    ax.xaxis_date()
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel("cooperation (+) / conflict (-), Goldstein-weighted")
    mediators = ", ".join(dyad.get("mediators") or [])
    title = f"{dyad['a']} - {dyad['b']}: cooperation and conflict by {dyad['freq']}"
    ax.set_title(title + (f" (mediators: {mediators})" if mediators else ""))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def graph_png(g: nx.Graph, path: str | os.PathLike[str], title: str = "") -> None:
    """The signed graph: green edges cooperate, red ones conflict, width by volume (the edge's weight)."""
    fig, ax = plt.subplots(figsize=(9, 7), dpi=110)
    if g.number_of_nodes():
        pos = nx.spring_layout(g, seed=7, weight=None)
        colors = [COOPERATION if d.get("sign", 0) > 0 else CONFLICT if d.get("sign", 0) < 0 else "grey"
                  for _, _, d in g.edges(data=True)]
        widths = [1 + min(6.0, float(d.get("weight", 0)) / 2) for _, _, d in g.edges(data=True)]
        nx.draw_networkx_edges(g, pos, ax=ax, edge_color=colors, width=widths, alpha=0.8)
        sizes = [300 + 60 * g.degree(n) for n in g.nodes]
        nx.draw_networkx_nodes(g, pos, ax=ax, node_color="#f1f3f5", edgecolors="#495057", node_size=sizes)
        nx.draw_networkx_labels(g, pos, ax=ax, font_size=8)
        edge_labels = {(a, b): d["relations"] for a, b, d in g.edges(data=True) if d.get("relations")}
        nx.draw_networkx_edge_labels(g, pos, edge_labels=edge_labels, ax=ax, font_size=6)
    ax.set_title(title or "actor graph (green: cooperation, red: conflict)")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
