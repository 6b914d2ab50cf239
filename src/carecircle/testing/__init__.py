"""Public test helpers for services that use carecircle (*outils de test*).

- :mod:`carecircle.testing.builders`: small, valid sample entities and records (no extra needed);
- :mod:`carecircle.testing.sample`: a fictional Occitanie directory generated in code, at any size;
- :mod:`carecircle.testing.directories`: indexed in-memory directories and a capturing notifier,
  implementing :mod:`carecircle.ports`;
- :mod:`carecircle.testing.stores`: :class:`InMemoryRecordStore`, a thread-safe
  :class:`~carecircle.stores.RecordStore` in memory;
- :mod:`carecircle.testing.contracts`: tests any directory, notifier or record store adapter
  runs against itself;
- :mod:`carecircle.testing.strategies`: hypothesis strategies (needs ``carecircle[testing]``).
"""

from carecircle.testing.stores import InMemoryRecordStore

__all__ = ["InMemoryRecordStore"]
