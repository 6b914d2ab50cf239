"""FHIR R4 per the ANS guide « Gestion du Cercle de Soins » (CDS) 2.0.1."""
