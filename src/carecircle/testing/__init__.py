"""Public test helpers for services that use carecircle (*outils de test*).

- :mod:`carecircle.testing.builders`: small, valid sample entities and records (no extra needed);
- :mod:`carecircle.testing.strategies`: hypothesis strategies (needs ``carecircle[testing]``).
"""
