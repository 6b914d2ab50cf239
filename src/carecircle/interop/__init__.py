"""Interoperability: the ANS care-circle FHIR guide and an OpenFGA export.

- :mod:`carecircle.interop.fhir`: FHIR R4 bundles of the ANS guide « Gestion du Cercle de
  Soins » 2.0.1 (export, import, profile checking);
- :mod:`carecircle.interop.openfga`: the access rules as an OpenFGA authorization model and
  records as relationship tuples.

Neither is imported by ``import carecircle``; import the one you need.
"""

__all__: list[str] = []  # the two namespaces are imported by name, each on its own
