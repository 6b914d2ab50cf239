"""Rules (*règles*) as small modules, each with ``check`` (returns violations, never raises),
``validate`` (returns its input or raises) and ``is_valid`` (never raises).

- :mod:`~carecircle.rules.eligibility`: R5, only directory members may be habilitated;
- :mod:`~carecircle.rules.editing`: R6, who may edit;
- :mod:`~carecircle.rules.unique_roles`: R7, unique roles and who may hold each role;
- :mod:`~carecircle.rules.duplicates`: R8, no duplicate directory member;
- :mod:`~carecircle.rules.codes`: known, open codes from the ANS nomenclatures;
- :mod:`~carecircle.rules.record`: R11, every rule at once, and the check of a change;
- :mod:`~carecircle.rules.privacy`: R12, private details stay private.
"""

from carecircle.rules import codes, duplicates, editing, eligibility, privacy, record, unique_roles

__all__ = ["codes", "duplicates", "editing", "eligibility", "privacy", "record", "unique_roles"]
