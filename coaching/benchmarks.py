"""The named benchmark WODs, as data: each with its Rx for women and men and a scaled version.

`BENCHMARKS` is filled in by the engine; the API lists it (`/api/benchmarks/`), the generator
programs one about every 3-4 weeks when the athlete's equipment allows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from coaching.vocabulary import ScoreType, WodFormat


@dataclass(frozen=True, slots=True)
class Benchmark:
    slug: str  # "fran"
    name: str  # "Fran"
    hero: bool  # a hero WOD (Murph)
    format: WodFormat
    score_type: ScoreType
    # The workout as published, women's / men's loads: "21-15-9: thrusters (29/43 kg), pull-ups"
    rx: str
    scaled: str  # the scaled version in the same words
    movements: tuple[str, ...]  # the catalogue names of its Rx movements, in order
    equipment: frozenset[str]  # what an athlete needs to do it, Rx or scaled


BENCHMARKS: tuple[Benchmark, ...] = ()
