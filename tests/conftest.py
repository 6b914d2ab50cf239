"""Hypothesis profiles shared by the whole suite.

- ``default``: Hypothesis's own settings, as each test file tunes them;
- ``thorough``: at least 10,000 examples for the tests marked ``boundary`` (the functions that
  take outside data); ``.ci/run`` runs them in a step of their own;
- ``mutation``: what ``scripts/mutation.py`` runs under (mutmut calls pytest many times in one
  process): derandomized, no example database, no deadline.

Pick one with ``pytest --hypothesis-profile=NAME``. Boundary tests set no ``max_examples`` of
their own, so the profile decides how many examples they get.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "thorough",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile(
    "mutation",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
