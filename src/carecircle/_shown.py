"""The display hooks (*affichage*) of the library's values: ``_repr_html_`` and ``__str__``.

Records, decisions, matrices, changes and listings inherit them from :class:`Shown`; both
delegate to :mod:`carecircle._display`, imported on first use, so the modules that define
those values never import the display (no import cycle, no cost at import).
"""

from __future__ import annotations

__all__ = ["Shown"]


class Shown:
    """Display hooks: HTML for notebooks (Jupyter calls ``_repr_html_``) and readable lines
    for ``str``, both in French (:func:`carecircle._display.view` for English). The ``repr``
    stays the value's own.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        """This value as HTML: escaped, well-formed, styled inline, no script."""
        from carecircle._display import html_of  # noqa: PLC0415 -- no import cycle, loaded on use

        return html_of(self)

    def __str__(self) -> str:
        """This value as readable lines, in French."""
        from carecircle._display import text_of  # noqa: PLC0415 -- no import cycle, loaded on use

        return text_of(self)
