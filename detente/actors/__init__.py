"""Actors: who is who. Gazetteer of states and bodies, a dated actor dictionary, in-document resolution."""
