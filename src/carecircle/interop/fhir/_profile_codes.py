"""The violation codes of the profile checker (re-exported by ``profiles``)."""

from typing import Final

#: An element occurs fewer times than its min or more than its max.
FHIR_CARDINALITY: Final = "FHIR_CARDINALITY"
#: An element differs from the profile's ``fixed[x]`` value.
FHIR_FIXED_VALUE: Final = "FHIR_FIXED_VALUE"
#: An element does not contain the profile's ``pattern[x]`` value.
FHIR_PATTERN: Final = "FHIR_PATTERN"
#: A code is outside the value set of a required binding whose codes are shipped.
FHIR_BINDING: Final = "FHIR_BINDING"
#: A reference points to a resource none of the element's target profiles allows.
FHIR_TARGET_PROFILE: Final = "FHIR_TARGET_PROFILE"
#: A reference inside a transaction bundle names no entry of the bundle.
FHIR_REFERENCE_UNRESOLVED: Final = "FHIR_REFERENCE_UNRESOLVED"
#: An invariant the checker implements (``req-met``) is false.
FHIR_INVARIANT: Final = "FHIR_INVARIANT"
#: A slice occurs fewer times than its min or more than its max (or a closed slicing is broken).
FHIR_SLICE: Final = "FHIR_SLICE"
#: No shipped profile to check against (unknown name, or none declared in ``meta.profile``).
FHIR_PROFILE_UNKNOWN: Final = "FHIR_PROFILE_UNKNOWN"
#: The resource is not of the type the profile constrains.
FHIR_RESOURCE_TYPE: Final = "FHIR_RESOURCE_TYPE"
#: A value is not shaped as FHIR JSON has it (an object, array, string, boolean, number).
FHIR_WRONG_TYPE: Final = "FHIR_WRONG_TYPE"

#: Every code the profile checker reports.
ALL_CODES: Final = (
    FHIR_CARDINALITY,
    FHIR_FIXED_VALUE,
    FHIR_PATTERN,
    FHIR_BINDING,
    FHIR_TARGET_PROFILE,
    FHIR_REFERENCE_UNRESOLVED,
    FHIR_INVARIANT,
    FHIR_SLICE,
    FHIR_PROFILE_UNKNOWN,
    FHIR_RESOURCE_TYPE,
    FHIR_WRONG_TYPE,
)
