"""The actor graph as files: node-link JSON, GEXF (Gephi), GraphML, PNG; networkx and matplotlib write them."""
from __future__ import annotations

import json
import os
from typing import IO

import networkx as nx

from detente.analysis.plots import graph_png

FORMATS = ("json", "gexf", "graphml", "png")
BINARY = {"json": False, "gexf": True, "graphml": True, "png": True}


def write(g: nx.Graph, fmt: str, dest: str | os.PathLike[str] | IO[bytes] | IO[str]) -> None:
    """Write `g` as `fmt` to a path (or, for json, a text stream; gexf/graphml, a binary stream)."""
    if fmt == "json":
        text = json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False, indent=1)
        if isinstance(dest, (str, os.PathLike)):
            with open(dest, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            dest.write(text + "\n")  # type: ignore[call-overload]
    elif fmt == "gexf":
        nx.write_gexf(g, dest)
    elif fmt == "graphml":
        nx.write_graphml(g, dest)
    elif fmt == "png":
        graph_png(g, dest)  # type: ignore[arg-type]
    else:
        raise ValueError(f"unknown graph format {fmt!r} (known: {', '.join(FORMATS)})")
