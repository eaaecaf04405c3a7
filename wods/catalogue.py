"""The WOD generator for the active catalogue, read again only when the catalogue changed.

Invalidation rule: each call to `ActiveCatalogue.generator()` runs one query for the
catalogue's fingerprint, the number of active exercises and the latest `updated_at` among
them. The catalogue is read again, and a new `WodGenerator` built, when it differs from the
fingerprint the current generator was built under; otherwise the generator is reused.

Every write to the catalogue saves the exercise, which stamps `updated_at`: an edit (its
coaching data and substitutes included), a change of equipment or of what it pairs with (the
admin, the API and `load_catalogue` save an exercise and its relations in one transaction), an
activation. A deactivation lowers the count. So the first call after a
write commits sees it. Two exceptions, both outside staff's day-to-day edits: a write saved
before another but committed after it, with a call in between, waits for the next write (the
stamp is taken at save time); and renaming an equipment or muscle-group slug, an identifier
the code and the athletes' profiles share, is not a catalogue edit.
"""

from coaching.generator import WodGenerator
from wods.selectors import CatalogueFingerprint, wod_catalogue, wod_catalogue_fingerprint


class ActiveCatalogue:
    """Holds the generator of the active exercises for one process (the consumer keeps one).

    Not shared between threads: each consumer thread or process holds its own.
    """

    def __init__(self) -> None:
        self._fingerprint: CatalogueFingerprint | None = None
        self._generator: WodGenerator | None = None

    def generator(self) -> WodGenerator:
        """The generator for the catalogue as it is now (one query; four when it changed)."""
        # The fingerprint is read before the rows: a write committed in between is then in
        # the rows and makes the next call read them once more, rather than go unnoticed.
        fingerprint = wod_catalogue_fingerprint()
        if self._generator is None or fingerprint != self._fingerprint:
            self._generator = WodGenerator(wod_catalogue())
            self._fingerprint = fingerprint
        return self._generator
