"""A service's roles of its own (R7: services extend the role catalogue)."""

from __future__ import annotations

from collections.abc import Iterable

import carecircle as cc

#: The code system of the services' own roles in these tests.
SERVICE_ROLES = "urn:example:role"


def service_role(
    code: str,
    label: str,
    *,
    unique: bool = True,
    kinds: Iterable[cc.MemberKind] = (cc.MemberKind.DIRECTORY_PROFESSIONAL,),
) -> cc.Role:
    """A service's role ``code`` (of :data:`SERVICE_ROLES`) called ``label``, that only
    ``kinds`` of members may hold (directory professionals by default), unique by default.
    """
    return cc.Role(
        code=cc.Code(SERVICE_ROLES, code),
        label=label,
        kinds=frozenset(kinds),
        unique=unique,
    )


#: A service's référent de parcours: one directory professional at the most.
REFERENT = service_role("REFERENT", "Référent de parcours")
#: The default catalogue with :data:`REFERENT`.
WITH_REFERENT = cc.DEFAULT_ROLES.with_roles(REFERENT)
