"""Content negotiation that leaves `?format=` to the filters when it names no renderer."""

from rest_framework.negotiation import DefaultContentNegotiation


class FilterFriendlyContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, except that a format no renderer has is not a 404.

    `?format=` doubles as a filter: `GET /api/wods/?format=amrap` asks for AMRAP WODs, and
    DRF answered it with a 404 for want of an "amrap" renderer. Now only a format a renderer
    has (`?format=json`, `?format=api`) picks the renderer; any other is left to the view,
    and the Accept header chooses.
    """

    def filter_renderers(self, renderers, format):
        return [renderer for renderer in renderers if renderer.format == format] or renderers
