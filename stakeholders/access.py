"""The access model in one place: which offices give which access role, and what each role may do.

A user's capabilities follow from the positions their person holds today:
office -> access role (OFFICE_ACCESS) -> Django permissions (ACCESS_PERMISSIONS,
kept in a Django group of the same name by ``access_groups_sync``). The area
of each position, with everything beneath it, and its organisation give the
scope (see selectors.access_profile). Each app adds its permissions to
ACCESS_PERMISSIONS in its own block.
"""

from .choices import AccessRole, Office

# Offices not listed give no access: they are recipients and contacts only (anggota PPK/PPS/KPPS,
# Pantarlih, Linmas, the tokoh, forum members' other offices...). docs/reference/registry.md has the table.
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
    # The province watches every kabupaten below it: Kesbangpol and Bawaslu Provinsi read, Polda and
    # Kodam/Korem act on alerts like the security offices below them.
    Office.KABAN_KESBANGPOL_PROVINSI: AccessRole.KABUPATEN_VIEWER,
    Office.KETUA_BAWASLU_PROVINSI: AccessRole.KABUPATEN_VIEWER,
    Office.KAPOLDA: AccessRole.SECURITY_LIAISON,
    Office.PANGDAM: AccessRole.SECURITY_LIAISON,
    Office.DANREM: AccessRole.SECURITY_LIAISON,
    # The camat's office operates its kecamatan: the Sekretaris Camat stands in for the camat and the
    # Kasi Trantib handles public order there.
    Office.CAMAT: AccessRole.KECAMATAN_OPERATOR,
    Office.OPERATOR_KECAMATAN: AccessRole.KECAMATAN_OPERATOR,
    Office.SEKCAM: AccessRole.KECAMATAN_OPERATOR,
    Office.KASI_TRANTIB: AccessRole.KECAMATAN_OPERATOR,
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
    Office.DANPOSAL: AccessRole.SECURITY_LIAISON,
    # People in the field report what they see.
    Office.KEPALA_DESA: AccessRole.FIELD_REPORTER,
    Office.LURAH: AccessRole.FIELD_REPORTER,
    Office.PETUGAS_LAPANGAN: AccessRole.FIELD_REPORTER,
    Office.ANGGOTA_FORUM: AccessRole.FIELD_REPORTER,
    Office.PKD: AccessRole.FIELD_REPORTER,
    # At the TPS: the supervisor (whose findings start PSU cases) and the KPPS chair report what they see.
    Office.PTPS: AccessRole.FIELD_REPORTER,
    Office.KETUA_KPPS: AccessRole.FIELD_REPORTER,
    # In the desa: the BPD chair and the RT heads are early-warning eyes.
    Office.KETUA_BPD: AccessRole.FIELD_REPORTER,
    Office.KETUA_RT: AccessRole.FIELD_REPORTER,
    # Trainers run Bimtek programmes.
    Office.FASILITATOR: AccessRole.TRAINER,
}

# Roles whose scope is the whole kabupaten whatever the area of the position (the whole province for a
# position recorded at the province); see selectors.access_profile.
KABUPATEN_WIDE_ROLES = frozenset({AccessRole.KABUPATEN_ADMIN, AccessRole.KABUPATEN_VIEWER})

# --- who may grant which office ------------------------------------------------------
# Giving someone an office gives them the office's access role, so granting follows rank:
# a user may grant an office whose role ranks at most as high as the role of one of their own
# positions that may write positions, in that position's area. Offices without a role rank 0.
ROLE_RANK: dict[str, int] = {
    AccessRole.KABUPATEN_ADMIN: 50,
    AccessRole.KABUPATEN_VIEWER: 40,
    AccessRole.KECAMATAN_OPERATOR: 30,
    AccessRole.SECURITY_LIAISON: 20,
    AccessRole.FIELD_REPORTER: 10,
    AccessRole.TRAINER: 10,
}
# Offices whose role covers the whole kabupaten (Bupati, Sekda, Kesbangpol...): granted only by a
# kabupaten administrator, only at kabupaten level, and (see services.position_grant) only once a
# second kabupaten administrator approves.
PRIVILEGED_OFFICES = frozenset(
    office for office, role in OFFICE_ACCESS.items() if role in KABUPATEN_WIDE_ROLES
)
# Offices recorded at the province, not at a kabupaten.
PROVINCIAL_OFFICES = frozenset(
    {
        Office.KABAN_KESBANGPOL_PROVINSI,
        Office.KETUA_BAWASLU_PROVINSI,
        Office.KAPOLDA,
        Office.PANGDAM,
        Office.DANREM,
    }
)
ADMIN_OFFICES = frozenset(
    office for office, role in OFFICE_ACCESS.items() if role == AccessRole.KABUPATEN_ADMIN
)
GRANT_PERMISSION = "stakeholders.add_position"


def office_rank(office: str) -> int:
    """How much access holding ``office`` gives, for comparing with the granter's own."""
    return ROLE_RANK.get(OFFICE_ACCESS.get(office, ""), 0)


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
    AccessRole.KABUPATEN_ADMIN: [
        *_REGISTRY_READ,
        *_REGISTRY_WRITE,
        # Privileged offices wait for a second kabupaten administrator (services.position_grant).
        "stakeholders.view_positionrequest",
        "stakeholders.approve_positionrequest",
        # Accounts of the people in the registry (stakeholders.accounts).
        "stakeholders.manage_account",
    ],
    AccessRole.KABUPATEN_VIEWER: [*_REGISTRY_READ],
    AccessRole.KECAMATAN_OPERATOR: [*_REGISTRY_READ, *_REGISTRY_WRITE],
    AccessRole.SECURITY_LIAISON: [*_REGISTRY_READ],
    AccessRole.FIELD_REPORTER: [],
    # Trainers register participants in their programmes (training.services); they do not write the
    # registry, so they cannot create a person holding an office.
    AccessRole.TRAINER: [
        "stakeholders.view_person",
        "stakeholders.view_organisation",
    ],
}


# --- regions -----------------------------------------------------------------
# Everyone with a role sees the areas, their TPS and the map; Kesbangpol loads the TPS of an election
# (regions:pollingstation_import).
REGIONS_PERMISSIONS: dict[str, list[str]] = {
    role: ["regions.view_adminunit", "regions.view_pollingstation"]
    for role in (
        AccessRole.KABUPATEN_ADMIN,
        AccessRole.KABUPATEN_VIEWER,
        AccessRole.KECAMATAN_OPERATOR,
        AccessRole.SECURITY_LIAISON,
        AccessRole.FIELD_REPORTER,
        AccessRole.TRAINER,
    )
}
REGIONS_PERMISSIONS[AccessRole.KABUPATEN_ADMIN] += [
    "regions.add_pollingstation",
    "regions.change_pollingstation",
]


# --- risk (kerawanan) -----------------------------------------------------------
# Kerawanan is read by leadership and security, written by Kesbangpol (whole kabupaten) and the
# camat's office (its kecamatan, by scope).
_RISK_READ = ["risk.view_riskinstrument", "risk.view_riskassessment"]
RISK_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [
        *_RISK_READ,
        "risk.add_riskassessment",
        "risk.change_riskassessment",
        "risk.delete_riskassessment",
    ],
    AccessRole.KABUPATEN_VIEWER: [*_RISK_READ],
    AccessRole.KECAMATAN_OPERATOR: [*_RISK_READ, "risk.add_riskassessment"],
    AccessRole.SECURITY_LIAISON: [*_RISK_READ],
}


# --- incidents -----------------------------------------------------------------
# view: see incidents in scope; add: report; triage: verify/reject/assign/severity/close/reopen;
# change: edit the recorded facts; view_confidentialinformant: read a protected informant's identity.
_INCIDENT_READ = ["incidents.view_incident", "incidents.view_evidence"]
_INCIDENT_WORK = [
    "incidents.add_incident",
    "incidents.add_evidence",
    "incidents.add_incidentnote",
    "incidents.add_followupaction",
    "incidents.change_followupaction",
]
_INCIDENT_TRIAGE = [
    "incidents.change_incident",
    "incidents.triage_incident",
    "incidents.add_referral",
    "incidents.add_incidentlink",
    "incidents.export_incident",
]
INCIDENTS_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [
        *_INCIDENT_READ,
        *_INCIDENT_WORK,
        *_INCIDENT_TRIAGE,
        "incidents.view_confidentialinformant",
    ],
    AccessRole.KABUPATEN_VIEWER: [*_INCIDENT_READ, "incidents.export_incident"],
    AccessRole.KECAMATAN_OPERATOR: [*_INCIDENT_READ, *_INCIDENT_WORK, *_INCIDENT_TRIAGE],
    AccessRole.SECURITY_LIAISON: [*_INCIDENT_READ, *_INCIDENT_WORK],
    AccessRole.FIELD_REPORTER: [
        "incidents.view_incident",
        "incidents.view_evidence",
        "incidents.add_incident",
        "incidents.add_evidence",
    ],
    AccessRole.TRAINER: [],
}


# --- situation ------------------------------------------------------------------
# The daily situation report: asked for and read by everyone who oversees an area (by its scope).
# The dashboard and the map follow the permissions of what they show (incidents, risk, registry).
_SITREP = ["situation.view_situationreport", "situation.add_situationreport"]
SITUATION_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [*_SITREP],
    AccessRole.KABUPATEN_VIEWER: [*_SITREP],
    AccessRole.KECAMATAN_OPERATOR: [*_SITREP],
    AccessRole.SECURITY_LIAISON: [*_SITREP],
}


# --- escalation -----------------------------------------------------------
# Acknowledge (and withdraw an acknowledgement of) an escalation alert in the app, for incidents the
# user may see; a recipient without an account acknowledges through the signed link in the alert.
# Kesbangpol edits the escalation policies.
ESCALATION_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [
        "escalation.acknowledge_escalation",
        "escalation.view_escalation",
        "escalation.view_escalationpolicy",
        "escalation.add_escalationpolicy",
        "escalation.change_escalationpolicy",
    ],
    AccessRole.KECAMATAN_OPERATOR: ["escalation.acknowledge_escalation", "escalation.view_escalation"],
    AccessRole.SECURITY_LIAISON: ["escalation.acknowledge_escalation", "escalation.view_escalation"],
    # Field reporters see only their own reports in the app: acknowledging those would silence their own
    # alert. As recipients (a kepala desa in a Tiga Pilar) they acknowledge through their link.
}


# --- training ------------------------------------------------------------------
# Taking part needs no permission: a participant sees their own tickets, materials
# and certificates by being registered. These are for running and reading programmes.
_TRAINING_READ = [
    "training.view_programme",
    "training.view_registration",
    "training.view_attendance",
    "training.view_certificate",
]
_TRAINING_WRITE = [
    "training.add_programme",
    "training.change_programme",
    "training.add_session",
    "training.add_registration",
    "training.change_registration",
    "training.change_attendance",
    "training.add_material",
    "training.add_question",
    "training.add_certificate",
    "training.change_certificate",
]
TRAINING_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [*_TRAINING_READ, *_TRAINING_WRITE],
    AccessRole.KABUPATEN_VIEWER: [*_TRAINING_READ],
    AccessRole.TRAINER: [*_TRAINING_READ, *_TRAINING_WRITE],
}


# --- notifications -------------------------------------------------------------
# Everyone with a person reads their own inbox whatever their role (no permission needed);
# view_inboxitem is listed for completeness. Kesbangpol runs the delivery log and the outbox.
NOTIFICATIONS_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [
        "notifications.view_inboxitem",
        "notifications.view_message",
        "notifications.view_delivery",
        "notifications.retry_delivery",
        "notifications.view_outboxemail",
        "notifications.view_broadcast",
        "notifications.add_broadcast",
    ],
    AccessRole.KABUPATEN_VIEWER: ["notifications.view_inboxitem"],
    # A kecamatan administrator broadcasts to the forums, offices and people of their kecamatan.
    AccessRole.KECAMATAN_OPERATOR: [
        "notifications.view_inboxitem",
        "notifications.view_broadcast",
        "notifications.add_broadcast",
    ],
    AccessRole.SECURITY_LIAISON: ["notifications.view_inboxitem"],
    AccessRole.FIELD_REPORTER: ["notifications.view_inboxitem"],
    AccessRole.TRAINER: ["notifications.view_inboxitem"],
}


# --- coordination ----------------------------------------------------------------
# Tracked actions (tindak lanjut koordinasi) and coordination meetings (rakor), scoped like incidents:
# Kesbangpol and the camat's office plan and record them in their areas; security liaisons report
# progress and evidence on the actions of their areas or organisation; leadership reads.
# Kesbangpol (the Tim Terpadu's secretariat) records the Inpres 2/2013 steps of serious incidents:
# the public statement's approval and publication, the report upward.
_COORDINATION_READ = ["coordination.view_trackedaction", "coordination.view_meeting"]
_COORDINATION_WORK = ["coordination.change_trackedaction"]
_COORDINATION_PLAN = [
    "coordination.add_trackedaction",
    "coordination.add_meeting",
    "coordination.change_meeting",
]
# Preventive activities (kegiatan pencegahan) are logged and edited by every security liaison, the
# camat's office and Kesbangpol, in their areas; leadership reads them.
_PREVENTION_READ = ["coordination.view_preventiveactivity"]
_PREVENTION_LOG = ["coordination.add_preventiveactivity", "coordination.change_preventiveactivity"]
# The Tim Terpadu's action plan (rencana aksi terpadu): Kesbangpol (its secretariat) writes the plan and
# its activities; each activity is a tracked action, whose progress its agency records (change
# permission of tracked actions); everyone who reads coordination work reads the plans.
_PLAN_READ = ["coordination.view_actionplan"]
_PLAN_WRITE = ["coordination.add_actionplan", "coordination.change_actionplan"]
COORDINATION_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [
        *_COORDINATION_READ,
        *_COORDINATION_WORK,
        *_COORDINATION_PLAN,
        *_PREVENTION_READ,
        *_PREVENTION_LOG,
        *_PLAN_READ,
        *_PLAN_WRITE,
        "coordination.record_inpresobligation",
    ],
    AccessRole.KABUPATEN_VIEWER: [*_COORDINATION_READ, *_PREVENTION_READ, *_PLAN_READ],
    AccessRole.KECAMATAN_OPERATOR: [
        *_COORDINATION_READ,
        *_COORDINATION_WORK,
        *_COORDINATION_PLAN,
        *_PREVENTION_READ,
        *_PREVENTION_LOG,
        *_PLAN_READ,
    ],
    AccessRole.SECURITY_LIAISON: [
        *_COORDINATION_READ,
        *_COORDINATION_WORK,
        *_PREVENTION_READ,
        *_PREVENTION_LOG,
        *_PLAN_READ,
    ],
}


# --- audit ---------------------------------------------------------------------
# Kesbangpol reads who opened protected data, and what the retention runs removed; nobody
# changes either (the table is append-only). Kesbangpol also answers a person's requests
# under UU 27/2022 (PDP): an export of everything held about them, and erasure.
AUDIT_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: [
        "audit.view_accessrecord",
        "audit.view_retentionrun",
        "audit.manage_personal_data",
    ],
}

# --- two-factor authentication (mfa) ----------------------------------------------
# Kesbangpol resets the second factor of a user who lost their phone and recovery codes
# (audited). Which roles must use MFA follows from their permissions (mfa.policy).
MFA_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: ["otp_totp.delete_totpdevice"],
}


# --- partner webhooks ------------------------------------------------------------
# Kesbangpol registers the partner systems that receive events (webhooks.services).
WEBHOOKS_PERMISSIONS: dict[str, list[str]] = {
    AccessRole.KABUPATEN_ADMIN: ["webhooks.manage_webhooksubscription"],
}


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
    RISK_PERMISSIONS,
    INCIDENTS_PERMISSIONS,
    SITUATION_PERMISSIONS,
    ESCALATION_PERMISSIONS,
    TRAINING_PERMISSIONS,
    NOTIFICATIONS_PERMISSIONS,
    AUDIT_PERMISSIONS,
    MFA_PERMISSIONS,
    COORDINATION_PERMISSIONS,
    WEBHOOKS_PERMISSIONS,
)
