"""Public test helpers for services that use carecircle (*outils de test*).

- :mod:`carecircle.testing.builders`: small, valid sample entities and records (no extra needed);
- :mod:`carecircle.testing.sample`: a fictional Occitanie directory generated in code, at any size;
- :mod:`carecircle.testing.directories`: indexed in-memory directories and a capturing notifier,
  implementing :mod:`carecircle.ports`;
- :mod:`carecircle.testing.contracts`: tests any directory or notifier adapter runs against itself;
- :mod:`carecircle.testing.strategies`: hypothesis strategies (needs ``carecircle[testing]``).
"""
