"""The fictional directory entries the directory contracts run on: an adapter under test
holds exactly these (a staging directory is seeded with them once).
"""

from __future__ import annotations

from typing import Final

from carecircle._model import (
    Address,
    Contact,
    DirectoryProfessional,
    DirectoryStructure,
    PassAccount,
)
from carecircle.nomenclatures import categories, professions

__all__ = ["CONTRACT_PROFESSIONALS", "CONTRACT_STRUCTURES"]


def _place(city: str | None, postal_code: str) -> Contact:
    return Contact(address=Address(city=city, postal_code=postal_code))


#: The fictional professionals of :class:`ProfessionalDirectoryContract`, in no useful order.
#: Four are DURAND Hélène, spelt four ways; two have no national id, three no account.
CONTRACT_PROFESSIONALS: Final[tuple[DirectoryProfessional, ...]] = (
    DirectoryProfessional(
        national_id="810000000103",
        account=PassAccount(id="pass:contract-1"),
        profession=professions.MEDECIN,
        family_name="DURAND",
        given_name="Hélène",
        contact=_place("Toulouse", "31000"),
        structure="DAC Occitanie Ouest",
    ),
    DirectoryProfessional(
        national_id="810000000102",
        profession=professions.INFIRMIER,
        family_name="DURAND",
        given_name="HELENE",
        contact=_place("Montpellier", "34000"),
    ),
    DirectoryProfessional(
        account=PassAccount(id="pass:contract-3"),
        profession=professions.MASSEUR_KINESITHERAPEUTE,
        family_name="durand",
        given_name="helene",
    ),
    DirectoryProfessional(
        account=PassAccount(id="pass:contract-2"),
        profession=professions.PSYCHOLOGUE,
        family_name="Durand",
        given_name="Hélène",
        contact=_place(None, "31290"),  # a postal code but no city
    ),
    DirectoryProfessional(
        national_id="810000000105",
        account=PassAccount(id="pass:contract-5"),
        profession=professions.MEDECIN,
        family_name="SAINT-MARTIN",
        given_name="Jean-Pierre",
        contact=_place("Ajaccio", "20000"),
        structure="CPTS du Grand Ajaccio",
    ),
    DirectoryProfessional(
        national_id="810000000106",
        profession=professions.PHARMACIEN,
        family_name="d'Hélène",
        given_name="Marc",
        contact=_place("Saint-Gaudens", "31800"),
        structure="Maison de santé de Saint-Gaudens",
    ),
    DirectoryProfessional(
        national_id="810000000107",
        account=PassAccount(id="pass:contract-7"),
        profession=professions.INFIRMIER,
        family_name="MARTIN",
        given_name="Louise",
        contact=_place("Bastia", "20200"),
        structure="SSIAD du Cap Corse",
    ),
    DirectoryProfessional(
        national_id="810000000108",
        account=PassAccount(id="pass:contract-8"),
        profession=professions.AIDE_SOIGNANT,
        family_name="N’Diaye",
        given_name="Amadou",
        contact=_place("Nîmes", "30000"),
    ),
    DirectoryProfessional(
        national_id="810000000109",
        profession=professions.INFIRMIER,
        family_name="Émond",
        given_name="Inès",
        contact=_place("Saint-Jean-de-Védas", "34430"),
        structure="DAC Hérault",
    ),
    DirectoryProfessional(
        account=PassAccount(id="pass:contract-10"),
        profession=professions.MEDECIN,
        family_name="Bernard",
        given_name="Zoé",
        contact=_place("Pointe-à-Pitre", "97110"),
    ),
)

#: The fictional structures of :class:`StructureDirectoryContract`, in no useful order. Two
#: share a name; one lists delegates without being a legal entity.
CONTRACT_STRUCTURES: Final[tuple[DirectoryStructure, ...]] = (
    DirectoryStructure(
        national_id="1310000013",
        finess="310000013",
        siret="31500001800012",
        name="SSIAD du Lauragais",
        category=categories.SSIAD,
        address=Address(city="Villefranche-de-Lauragais", postal_code="31290"),
        legal_entity=True,
        delegates=frozenset({"pass:contract-1", "pass:contract-5"}),
    ),
    DirectoryStructure(
        national_id="1110000023",
        finess="110000023",
        name="SSIAD du Lauragais",
        category=categories.SSIAD,
        address=Address(city="Castelnaudary", postal_code="11400"),
        legal_entity=True,
        delegates=frozenset({"pass:contract-7"}),
    ),
    DirectoryStructure(
        national_id="1340000033",
        finess="340000033",
        siret="34500003800017",
        name="EHPAD Les Tilleuls",
        category=categories.EHPAD,
        address=Address(city="Montpellier", postal_code="34000"),
        legal_entity=True,
        delegates=frozenset({"pass:contract-1"}),
    ),
    DirectoryStructure(
        national_id="12A0000047",
        finess="2A0000047",
        siret="20500004500018",
        name="Centre hospitalier d'Ajaccio",
        category=categories.CENTRE_HOSPITALIER,
        address=Address(city="Ajaccio", postal_code="20000"),
        legal_entity=False,
        delegates=frozenset({"pass:contract-1"}),  # not a legal entity: delegates nothing
    ),
    DirectoryStructure(
        national_id="12B0000057",
        finess="2B0000057",
        name="Maison de santé de Bastia",
        category=categories.MAISON_DE_SANTE,
        address=Address(city="Bastia", postal_code="20200"),
        legal_entity=True,
    ),
    DirectoryStructure(
        national_id="RECO-CONTRACT-6",
        name="Résidence Hélène Boucher",
        category=categories.EHPAD,
        address=Address(city="Nîmes", postal_code="30000"),
    ),
    DirectoryStructure(
        national_id="RECO-CONTRACT-7",
        siret="11500002800015",
        name="DAC Occitanie Ouest",
        category=categories.DAC,
        legal_entity=True,
        delegates=frozenset({"pass:contract-5"}),
    ),
    DirectoryStructure(
        national_id="RECO-CONTRACT-8",
        name="CPTS du Grand Narbonne",
        address=Address(city="Narbonne", postal_code="11100"),
    ),
)
