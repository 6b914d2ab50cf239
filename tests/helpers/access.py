"""The short names the access tests give the library's access vocabulary, defined once."""

from __future__ import annotations

import datetime as dt

import carecircle as cc

#: Why access is denied (or granted only in part): ``R.NOT_A_MEMBER``…
R = cc.Reason
#: The two actions the matrix grants (G5).
READ, WRITE = cc.Action.READ, cc.Action.WRITE
#: The example habilitation matrix the access tests judge with (G5).
MATRIX = cc.EXAMPLE_MATRIX
#: The smallest step between two instants: the instant just before or after a boundary.
MICROSECOND = dt.timedelta(microseconds=1)
