"""Records and bundles the FHIR tests share (built here, never copied from an output)."""
