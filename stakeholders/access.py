"""The access model in one place: which offices give which access role, and what each role may do.

A user's capabilities follow from the positions their person holds today:
office -> access role (OFFICE_ACCESS) -> Django permissions (ACCESS_PERMISSIONS,
kept in a Django group of the same name by ``access_groups_sync``). The area
of each position, with everything beneath it, and its organisation give the
scope (see selectors.access_profile). Each app adds its permissions to
ACCESS_PERMISSIONS in its own block.
"""

from .choices import AccessRole, Office

OFFICE_ACCESS: dict[str, str] = {
    # Kesbangpol runs the system for the kabupaten.
    Office.KABAN_KESBANGPOL: AccessRole.KABUPATEN_ADMIN,
    Office.KABID_WASPADNAS: AccessRole.KABUPATEN_ADMIN,
    Office.OPERATOR_KESBANGPOL: AccessRole.KABUPATEN_ADMIN,
    # Leadership reads everything and changes nothing.
    Office.BUPATI: AccessRole.KABUPATEN_VIEWER,
    Office.WAKIL_BUPATI: AccessRole.KABUPATEN_VIEWER,
    Office.SEKDA: AccessRole.KABUPATEN_VIEWER,
    Office.ASISTEN_PEMERINTAHAN: AccessRole.KABUPATEN_VIEWER,
    Office.KETUA_DPRD: AccessRole.KABUPATEN_VIEWER,
    Office.KAJARI: AccessRole.KABUPATEN_VIEWER,
    # The camat's office operates its kecamatan.
    Office.CAMAT: AccessRole.KECAMATAN_OPERATOR,
    Office.OPERATOR_KECAMATAN: AccessRole.KECAMATAN_OPERATOR,
    # Police and army: act on alerts in their area or for their organisation.
    Office.KAPOLRES: AccessRole.SECURITY_LIAISON,
    Office.KASAT_INTELKAM: AccessRole.SECURITY_LIAISON,
    Office.KABAG_OPS: AccessRole.SECURITY_LIAISON,
    Office.KAPOLSEK: AccessRole.SECURITY_LIAISON,
    Office.BHABINKAMTIBMAS: AccessRole.SECURITY_LIAISON,
    Office.DANDIM: AccessRole.SECURITY_LIAISON,
    Office.DANRAMIL: AccessRole.SECURITY_LIAISON,
    Office.BABINSA: AccessRole.SECURITY_LIAISON,
    Office.DANLANAL: AccessRole.SECURITY_LIAISON,
    # People in the field report what they see.
    Office.KEPALA_DESA: AccessRole.FIELD_REPORTER,
    Office.LURAH: AccessRole.FIELD_REPORTER,
    Office.PETUGAS_LAPANGAN: AccessRole.FIELD_REPORTER,
    Office.ANGGOTA_FORUM: AccessRole.FIELD_REPORTER,
    Office.PKD: AccessRole.FIELD_REPORTER,
    # Trainers run Bimtek programmes.
    Office.FASILITATOR: AccessRole.TRAINER,
}

# Roles whose scope is the whole kabupaten whatever the area of the position.
KABUPATEN_WIDE_ROLES = frozenset({AccessRole.KABUPATEN_ADMIN, AccessRole.KABUPATEN_VIEWER})

# --- stakeholders -------------------------------------------------------------
_REGISTRY_READ = [
    "stakeholders.view_organisation",
    "stakeholders.view_person",
    "stakeholders.view_contactpoint",
    "stakeholders.view_position",
    "stakeholders.view_forum",
    "stakeholders.view_dutyroster",
]
_REGISTRY_WRITE = [
    f"stakeholders.{action}_{model}"
    for model in ("organisation", "person", "contactpoint", "position", "forum", "forumseat", "dutyroster")
    for action in ("add", "change", "delete")
]
STAKEHOLDERS_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [*_REGISTRY_READ, *_REGISTRY_WRITE],
    AccessRole.KABUPATEN_VIEWER: [*_REGISTRY_READ],
    AccessRole.KECAMATAN_OPERATOR: [*_REGISTRY_READ, *_REGISTRY_WRITE],
    AccessRole.SECURITY_LIAISON: [*_REGISTRY_READ],
    AccessRole.FIELD_REPORTER: [],
    AccessRole.TRAINER: [
        "stakeholders.view_person",
        "stakeholders.view_organisation",
        "stakeholders.add_person",
    ],
}


# --- regions -----------------------------------------------------------------
# Everyone with a role sees the map; kerawanan is read by leadership and security, written by
# Kesbangpol (whole kabupaten) and the camat's office (its kecamatan, by scope).
_RISK_READ = ["regions.view_adminunit", "regions.view_riskinstrument", "regions.view_riskassessment"]
REGIONS_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [
        *_RISK_READ,
        "regions.add_riskassessment",
        "regions.change_riskassessment",
        "regions.delete_riskassessment",
    ],
    AccessRole.KABUPATEN_VIEWER: [*_RISK_READ],
    AccessRole.KECAMATAN_OPERATOR: [*_RISK_READ, "regions.add_riskassessment"],
    AccessRole.SECURITY_LIAISON: [*_RISK_READ],
    AccessRole.FIELD_REPORTER: ["regions.view_adminunit"],
    AccessRole.TRAINER: ["regions.view_adminunit"],
}


# --- incidents -----------------------------------------------------------------
INCIDENTS_PERMISSIONS: dict[str, list[str]] = {}


# --- training ------------------------------------------------------------------
TRAINING_PERMISSIONS: dict[str, list[str]] = {}


# --- notifications -------------------------------------------------------------
NOTIFICATIONS_PERMISSIONS: dict[str, list[str]] = {}


# --- all apps together -----------------------------------------------------------
def _merge(*tables: dict[str, list[str]]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {role: [] for role in AccessRole.values}
    for table in tables:
        for role, permissions in table.items():
            merged[role].extend(permissions)
    return merged


ACCESS_PERMISSIONS: dict[str, list[str]] = _merge(
    STAKEHOLDERS_PERMISSIONS,
    REGIONS_PERMISSIONS,
    INCIDENTS_PERMISSIONS,
    TRAINING_PERMISSIONS,
    NOTIFICATIONS_PERMISSIONS,
)
