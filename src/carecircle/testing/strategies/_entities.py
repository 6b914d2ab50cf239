"""Strategies of the circle's entities: professionals, related persons, structures, members of
any kind, principals and patients. Numbers identify them, so that tests decide who is who (R8).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Final

from hypothesis import strategies as st

from carecircle._model import (
    AccountState,
    Contact,
    DirectoryProfessional,
    DirectoryStructure,
    ManualProfessional,
    ManualStructure,
    Member,
    MemberKind,
    PassAccount,
    Patient,
    Principal,
    RelatedPerson,
)
from carecircle.identifiers import ins
from carecircle.identifiers.ins import Ins
from carecircle.nomenclatures import Code
from carecircle.testing.strategies import _codes as codes
from carecircle.testing.strategies import _identifiers as ids

__all__ = [
    "directory_professionals",
    "directory_structures",
    "manual_professionals",
    "manual_structures",
    "members",
    "names",
    "patients",
    "principals",
    "related_persons",
]

_FAMILY_NAMES: Final = (
    "Martin", "Bernard", "Durand", "Lefèvre", "Émond", "Roux", "N'Diaye", "Nguyen",
    "Da Silva", "Bénard", "Garcia", "Fabre", "Mercier", "Girard", "Olivier", "Castex",
    "durand", "ÉTIENNE", "Le Goff", "Benali",
)  # fmt: skip
_GIVEN_NAMES: Final = (
    "Louise", "Hélène", "Jean", "Anne", "Éloïse", "Marc", "Inès", "Zoé", "Jean-Pierre",
    "Amadou", "Chloé", "Lucas", "Sophie", "Yasmine", "",
)  # fmt: skip
_STRUCTURE_NAMES: Final = (
    "SSIAD du Lauragais", "EHPAD Les Tilleuls", "Centre hospitalier de Rodez",
    "Maison de santé de Lodève", "DAC Occitanie Ouest", "CPTS du Grand Narbonne",
    "SAAD Aide et Vie", "Clinique Saint-Roch",
)  # fmt: skip


@functools.cache
def names() -> st.SearchStrategy[tuple[str, str]]:
    """(family name, given name) pairs, with accents, apostrophes, odd cases and no given name."""
    return st.tuples(st.sampled_from(_FAMILY_NAMES), st.sampled_from(_GIVEN_NAMES))


def directory_professionals(
    *,
    numbers: st.SearchStrategy[int] | None = None,
    account_states: st.SearchStrategy[AccountState | None] | None = None,
    professions: st.SearchStrategy[Code | None] | None = None,
    contacts: st.SearchStrategy[Contact] | None = None,
) -> st.SearchStrategy[DirectoryProfessional]:
    """Directory professionals (*professionnels de l'annuaire*) identified by a drawn number.

    Number ``n`` gives the RPPS-based idNat_PS ``8`` + ``n`` on 11 digits and the PASS account
    ``pass:<n>``, so two professionals are the same person (R8) exactly when their numbers are
    equal (``numbers`` draws from 1 to 99 999 999 by default; at most 11 digits).
    ``account_states`` draws the account's state, ``None`` for no account.
    """
    states = (
        account_states
        if account_states is not None
        else st.sampled_from(
            [AccountState.ACTIVE, AccountState.SUSPENDED, AccountState.CLOSED, None]
        )
    )
    jobs = professions if professions is not None else st.one_of(st.none(), codes.professions())
    details = contacts if contacts is not None else ids.contacts()

    @st.composite
    def build(draw: st.DrawFn) -> DirectoryProfessional:
        n = draw(numbers if numbers is not None else ids.numbers())
        state = draw(states)
        family, given = draw(names())
        return DirectoryProfessional(
            national_id=f"8{n:011d}",
            account=None if state is None else PassAccount(id=f"pass:{n}", state=state),
            profession=draw(jobs),
            family_name=family,
            given_name=given,
            contact=draw(details),
        )

    return build()


def manual_professionals(
    *, professions: st.SearchStrategy[Code | None] | None = None
) -> st.SearchStrategy[ManualProfessional]:
    """Manual professionals (*professionnels saisis manuellement*, G8): information only."""
    jobs = professions if professions is not None else st.one_of(st.none(), codes.professions())
    return st.builds(
        lambda both, profession, contact: ManualProfessional(
            family_name=both[0], given_name=both[1], profession=profession, contact=contact
        ),
        names(),
        jobs,
        ids.contacts(),
    )


def related_persons(
    *, contacts: st.SearchStrategy[Contact] | None = None
) -> st.SearchStrategy[RelatedPerson]:
    """Related persons (*aidants, proches, représentants légaux*, G9): never access."""
    details = contacts if contacts is not None else ids.contacts()
    return st.builds(
        lambda both, contact, unlisted, relationship: RelatedPerson(
            family_name=both[0],
            given_name=both[1],
            contact=contact,
            unlisted=unlisted,
            relationship=relationship,
        ),
        names(),
        details,
        st.booleans(),
        st.one_of(st.none(), codes.relationships()),
    )


def directory_structures(
    *,
    numbers: st.SearchStrategy[int] | None = None,
    legal_entity: st.SearchStrategy[bool] | None = None,
    delegates: st.SearchStrategy[frozenset[str]] | None = None,
) -> st.SearchStrategy[DirectoryStructure]:
    """Directory structures (*structures de l'annuaire*, G10) identified by a drawn number.

    Number ``n`` gives the FINESS, the directory id ``1`` + FINESS and, when present, the SIRET,
    so two structures are the same (R8) exactly when their numbers are equal. ``delegates``
    draws the PASS account ids of the professionals acting for a legal-entity structure (G11).
    """
    entities = legal_entity if legal_entity is not None else st.booleans()
    acting = delegates if delegates is not None else st.frozensets(ids.account_ids(), max_size=3)
    titles = st.sampled_from(_STRUCTURE_NAMES)
    kinds = st.one_of(st.none(), codes.categories())
    places = st.one_of(st.none(), ids.addresses())

    @st.composite
    def build(draw: st.DrawFn) -> DirectoryStructure:
        n = draw(numbers if numbers is not None else ids.numbers())
        finess = ids.finess_of(n)
        return DirectoryStructure(
            national_id="1" + finess,
            finess=finess if draw(st.booleans()) else None,
            siret=ids.siret_of(n) if draw(st.booleans()) else None,
            name=draw(titles),
            category=draw(kinds),
            address=draw(places),
            legal_entity=draw(entities),
            delegates=draw(acting),
        )

    return build()


def manual_structures() -> st.SearchStrategy[ManualStructure]:
    """Manual structures (*structures saisies manuellement*, G12): information only."""
    titles = st.sampled_from(_STRUCTURE_NAMES)
    acronyms = st.sampled_from(["", "SSIAD", "EHPAD", "DAC", "CPTS"])
    details = ids.contacts()

    @st.composite
    def build(draw: st.DrawFn) -> ManualStructure:
        n = draw(ids.numbers())
        siret = ids.siret_of(n)
        return ManualStructure(
            name=draw(titles),
            acronym=draw(acronyms),
            finess=ids.finess_of(n) if draw(st.booleans()) else None,
            siret=siret if draw(st.booleans()) else None,
            siren=siret[:9] if draw(st.booleans()) else None,
            person_in_charge=" ".join(reversed(draw(names()))).strip(),
            contact=draw(details),
        )

    return build()


def members(*, kinds: st.SearchStrategy[MemberKind] | None = None) -> st.SearchStrategy[Member]:
    """Members of any of the five kinds (*membres*), or of the kinds ``kinds`` draws."""
    by_kind: dict[MemberKind, st.SearchStrategy[Member]] = {
        MemberKind.DIRECTORY_PROFESSIONAL: directory_professionals(),
        MemberKind.MANUAL_PROFESSIONAL: manual_professionals(),
        MemberKind.RELATED_PERSON: related_persons(),
        MemberKind.DIRECTORY_STRUCTURE: directory_structures(),
        MemberKind.MANUAL_STRUCTURE: manual_structures(),
    }
    chosen = kinds if kinds is not None else st.sampled_from(list(MemberKind))
    return chosen.flatmap(lambda kind: by_kind[kind])


def principals(
    *,
    numbers: st.SearchStrategy[int] | None = None,
    account_states: st.SearchStrategy[AccountState | None] | None = None,
    delegated_by: st.SearchStrategy[frozenset[str]] | None = None,
) -> st.SearchStrategy[Principal]:
    """Principals (*utilisateurs*): professionals as the directory describes them now.

    Number ``n`` matches :func:`directory_professionals` (account ``pass:<n>``, idNat_PS
    ``8`` + ``n``); ``account_states`` draws ``None`` for a professional without an account;
    ``delegated_by`` draws the directory ids of the structures they act for (R3).
    """
    states = (
        account_states
        if account_states is not None
        else st.sampled_from(
            [AccountState.ACTIVE, AccountState.ACTIVE, AccountState.SUSPENDED, None]
        )
    )
    delegations = (
        delegated_by
        if delegated_by is not None
        else st.frozensets(st.builds(lambda n: "1" + ids.finess_of(n), ids.numbers()), max_size=2)
    )
    jobs = st.one_of(st.none(), codes.professions())

    @st.composite
    def build(draw: st.DrawFn) -> Principal:
        n = draw(numbers if numbers is not None else ids.numbers())
        state = draw(states)
        return Principal(
            account=None if state is None else f"pass:{n}",
            national_id=f"8{n:011d}" if state is None or draw(st.booleans()) else None,
            profession=draw(jobs),
            account_state=AccountState.ACTIVE if state is None else state,
            delegated_by=draw(delegations),
        )

    return build()


def patients(*, ins_numbers: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Patient]:
    """Patients (*usagers*), with or without an INS."""
    numbers = ins_numbers if ins_numbers is not None else ids.ins_numbers()
    identities = st.one_of(
        st.none(),
        st.builds(
            lambda value, oid: Ins(value=value, oid=oid), numbers, st.sampled_from(sorted(ins.OIDS))
        ),
    )
    return st.builds(
        lambda n, both, birth, identity: Patient(
            patient_id=f"P-{n}",
            family_name=both[0],
            given_name=both[1] or "Camille",
            birth_date=birth,
            ins=identity,
        ),
        ids.numbers(),
        names(),
        st.one_of(
            st.none(), st.dates(min_value=dt.date(1910, 1, 1), max_value=dt.date(2026, 1, 1))
        ),
        identities,
    )
