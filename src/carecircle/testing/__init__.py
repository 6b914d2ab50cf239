"""Public test helpers for services that use carecircle (*outils de test*).

- :mod:`carecircle.testing.builders`: small, valid sample entities and records (no extra needed);
- :mod:`carecircle.testing.sample`: a fictional Occitanie directory generated in code, at any size;
- :mod:`carecircle.testing.directories`: in-memory directories implementing the directory ports,
  a filter over a list;
- :mod:`carecircle.testing.indexed`: the same directories searched through an index, for large
  ones;
- :mod:`carecircle.testing.notifiers`: :class:`~carecircle.testing.notifiers.CapturingNotifier`, a
  notifier that keeps what it is given;
- :mod:`carecircle.testing.stores`: :class:`~carecircle.testing.stores.InMemoryRecordStore`, a
  thread-safe :class:`~carecircle.RecordStore` in memory;
- :mod:`carecircle.testing.contracts`: tests any directory, notifier or record store adapter
  runs against itself;
- :mod:`carecircle.testing.strategies`: hypothesis strategies (needs ``carecircle[testing]``).
"""

__all__: list[str] = []
