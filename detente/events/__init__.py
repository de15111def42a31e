"""Events: PLOVER/CAMEO ontology, lexicon, rule extractor, dates and attribution."""
