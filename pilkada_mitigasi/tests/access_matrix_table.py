"""What every route of the URLconf answers each demo role, in scope and out of scope, to GET and POST.

Read by ``test_access_matrix.py``, which fails for a route of the URLconf without a row here, a row
whose route is gone, and any answer that differs (or is a 500). Rows are keyed by route name
(``namespace:name``; ``:name`` without a namespace); the whole Django admin is one row, ``admin:*``.

A row has a cell per role and method. A cell is what the route answers:
  ``200``, ``403``, ``404``, ``405``, ``410``... the status code;
  ``login`` a redirect to the login page; ``302`` any other redirect;
  ``200/404`` in scope / out of scope, for routes that take an object (see access_matrix_objects.py);
  ``200|503`` either (an answer that depends on something outside the request, such as the worker).
POST is sent with an empty body (a form left blank, an action button without its fields): never a
500; an out-of-scope object is a 404; a role that must not use the route gets 403, 404 or login.

The roles are the demo logins of ``seed_demo`` (README, "Demo"), and an anonymous visitor.
To add a row: ``ACCESS_MATRIX_RECORD=var/matrix.txt pytest pilkada_mitigasi/tests/test_access_matrix.py``
writes what every route answers today in this format; copy the new route's row, check every cell
against the rule above, and fix the view (not the row) where a cell is wrong.
"""

# Column order of every cell string; username of each demo login (None: anonymous).
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "kesbangpol": "kesbangpol",
    "bupati": "bupati",
    "camat": "camat.sangatta.utara",
    "kapolsek": "kapolsek.sangatta.utara",
    "pelapor": "pelapor.sangatta.utara",
    "pelatih": "pelatih",
    "admin": "admin",
}

# With a second kabupaten served (Kota Bontang beside Kutai Timur), its roles by the Kutai Timur role
# whose column they mirror: the other kabupaten's Kesbangpol operator and field reporter, and the
# provincial Kesbangpol, a reader of every kabupaten below it as the Bupati is of his (test_access_matrix,
# ``two_kabupaten_expected``, derives what each gets from these rows).
OTHER_KABUPATEN_ROLES: dict[str, str] = {
    "kesbangpol.bontang": "kesbangpol",
    "pelapor.bontang": "pelapor",
    "provinsi": "bupati",
}

# Cells that differ from the derived ones with two kabupaten served, each with its reason:
# route -> method -> {(role, target): cell}, target "in"/"out" (Kutai Timur's objects) or "other" (Bontang's).
TWO_KABUPATEN_CELLS: dict[str, dict[str, dict[tuple[str, str], str]]] = {
    # No cell differs today: each kabupaten keeps its own ladder and its own alert-grouping rules.
}

# fmt: off
MATRIX: dict[str, dict[str, str]] = {
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    ":account_code_redeem": {
        "GET":  "200        200         200      200      200       200      200      200",
        "POST": "200        200         200      200      200       200      200      200",
    },
    ":certificate_verify": {
        "GET":  "200        200         200      200      200       200      200      200",
        "POST": "200        200         200      200      200       200      200      200",
    },
    # Answers 503 while no worker answers the ping (as in this test), 200 otherwise.
    ":healthz": {
        "GET":  "200|503    200|503     200|503  200|503  200|503   200|503  200|503  200|503",
        "POST": "405        405         405      405      405       405      405      405",
    },
    # The offline report form's service worker: the same script for anyone, no user data in it.
    ":service_worker": {
        "GET":  "200        200         200      200      200       200      200      200",
        "POST": "405        405         405      405      405       405      405      405",
    },
    ":home": {
        "GET":  "login      200         200      200      200       200      200      200",
        "POST": "login      200         200      200      200       200      200      200",
    },
    ":login": {
        "GET":  "200        302         302      302      302       302      302      302",
        "POST": "200        302         302      302      302       302      302      302",
    },
    ":logout": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      login       login    login    login     login    login    login",
    },
    ":password_change": {
        "GET":  "login      200         200      200      200       200      200      200",
        "POST": "login      200         200      200      200       200      200      200",
    },
    ":password_change_done": {
        "GET":  "login      200         200      200      200       200      200      200",
        "POST": "login      405         405      405      405       405      405      405",
    },
    ":password_reset": {
        "GET":  "200        200         200      200      200       200      200      200",
        "POST": "200        200         200      200      200       200      200      200",
    },
    ":password_reset_complete": {
        "GET":  "200        200         200      200      200       200      200      200",
        "POST": "405        405         405      405      405       405      405      405",
    },
    ":password_reset_confirm": {
        "GET":  "302/200    302/200     302/200  302/200  302/200   302/200  302/200  302/200",
        "POST": "302/200    302/200     302/200  302/200  302/200   302/200  302/200  302/200",
    },
    ":password_reset_done": {
        "GET":  "200        200         200      200      200       200      200      200",
        "POST": "405        405         405      405      405       405      405      405",
    },
    ":set_language": {
        "GET":  "302        302         302      302      302       302      302      302",
        "POST": "302        302         302      302      302       302      302      302",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    # The index and every model's list; POST 403 on the incident's change page (read-only admin).
    "admin:*": {
        "GET":  "302        302         302      302      302       302      302      200",
        "POST": "302        302         302      302      302       302      302      200|403",
    },
    # The REST API (api/, docs/api.md): a token or session answers 401 without either; the web pages
    # of the integrations are for kabupaten administrators; every other /api/v1/ path is a 404 problem.
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    "api:area_detail": {
        "GET":  "401        200         200      200      200       200      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:area_list": {
        "GET":  "401        200         200      200      200       200      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:attendance_list": {
        "GET":  "401        200         403      403      403       403      200/404  200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:checkin": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        415         403      403      403       403      415/404  415",
    },
    "api:docs": {
        "GET":  "200        200         200      200      200       200      200      200",
        "POST": "200        200         200      200      200       200      200      200",
    },
    "api:election_detail": {
        "GET":  "401        200         200      200      200       200      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:election_list": {
        "GET":  "401        200         200      200      200       200      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    # Kabupaten-wide roles see both escalations; the other one is no longer waiting (409, as the web
    # page's message says it).
    "api:escalation_acknowledge": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        200/409     403      200/404  200/404   403      403      200/409",
    },
    "api:escalation_detail": {
        "GET":  "401        200         200      200/404  200/404   200/404  403      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:escalation_list": {
        "GET":  "401        200         200      200      200       200      403      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:incident_assign": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        428         403      428/404  403       403      403      428",
    },
    "api:incident_close": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        428         403      428/404  403       403      403      428",
    },
    "api:incident_detail": {
        "GET":  "401        200         200      200/404  200/404   200/404  403      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:incident_list": {
        "GET":  "401        200         200      200      200       200      403      200",
        "POST": "401        415         403      415      415       415      403      415",
    },
    "api:incident_promote": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        428         403      428/404  403       403      403      428",
    },
    "api:incident_reject": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        428         403      428/404  403       403      403      428",
    },
    "api:incident_reopen": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        428         403      428/404  403       403      403      428",
    },
    "api:incident_resolve": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        428         403      428/404  403       403      403      428",
    },
    "api:incident_severity": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        428         403      428/404  403       403      403      428",
    },
    "api:incident_verify": {
        "GET":  "401        405         405      405      405       405      405      405",
        "POST": "401        428         403      428/404  403       403      403      428",
    },
    "api:integration_create": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "api:integration_detail": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "api:integration_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "api:integration_revoke": {
        "GET":  "login      405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      403      302",
    },
    "api:measure_detail": {
        "GET":  "401        200         200      200      200       200      404      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:measure_list": {
        "GET":  "401        200         200      200      200       200      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:not_found": {
        "GET":  "404        404         404      404      404       404      404      404",
        "POST": "404        404         404      404      404       404      404      404",
    },
    "api:organisation_detail": {
        "GET":  "401        200         200      200/404  200/404   403      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:organisation_list": {
        "GET":  "401        200         200      200      200       403      200      200",
        "POST": "401        415         403      403      403       403      403      415",
    },
    "api:person_detail": {
        "GET":  "401        200         200      200/404  200/404   403      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:person_list": {
        "GET":  "401        200         200      200      200       403      200      200",
        "POST": "401        415         403      403      403       403      403      415",
    },
    "api:pollingstation_list": {
        "GET":  "401        200         200      200      200       200      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:position_list": {
        "GET":  "401        200         200      200      200       403      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:programme_detail": {
        "GET":  "401        200         200      200/404  200/404   200/404  200/404  200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:programme_list": {
        "GET":  "401        200         200      200      200       200      200      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:registration_list": {
        "GET":  "401        200         200      403      403       403      200/404  200",
        "POST": "401        415         403      403      403       403      415/404  415",
    },
    "api:riskassessment_detail": {
        "GET":  "401        200         200      200/404  200/404   403      403      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:riskassessment_list": {
        "GET":  "401        200         200      200      200       403      403      200",
        "POST": "401        405         405      405      405       405      405      405",
    },
    "api:schema": {
        "GET":  "200        200         200      200      200       200      200      200",
        "POST": "405        405         405      405      405       405      405      405",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    "audit:accessrecord_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "audit:retentionrun_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    "escalation:alertgrouprule_create": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "escalation:alertgrouprule_edit": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "escalation:alertgroup_split": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "escalation:escalation_ack_link": {
        "GET":  "200/404    200/404     200/404  200/404  200/404   200/404  200/404  200/404",
        "POST": "200/404    200/404     200/404  200/404  200/404   200/404  200/404  200/404",
    },
    "escalation:escalation_settings": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "escalation:escalation_test_alert": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "escalation:escalation_test_alert_result": {
        "GET":  "login      200/404     403      403      403       403      403      200/404",
        "POST": "login      200/404     403      403      403       403      403      200/404",
    },
    "escalation:escalation_acknowledge": {
        "GET":  "login      405         403      405      405       403      403      405",
        "POST": "login      302         403      302/404  302/404   403      403      302",
    },
    "escalation:escalation_unacknowledge": {
        "GET":  "login      405         403      405      405       403      403      405",
        "POST": "login      302         403      302/404  404       403      403      302",
    },
    "escalation:escalationpolicy_create": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "escalation:escalationpolicy_edit": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "escalation:escalationpolicy_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "escalation:escalationpolicy_preview": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    # coordination: tracked actions, the Inpres 2/2013 obligations, meetings (scoped like incidents).
    "coordination:action_list": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "coordination:action_create": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "coordination:action_detail": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    "coordination:action_update": {
        "GET":  "login      200         403      200/404  200/404   403      403      200",
        "POST": "login      200         403      200/404  200/404   403      403      200",
    },
    "coordination:action_status": {
        "GET":  "login      405         403      405      405       403      403      405",
        "POST": "login      302         403      302/404  302/404   403      403      302",
    },
    "coordination:action_evidence_create": {
        "GET":  "login      405         403      405      405       403      403      405",
        "POST": "login      302         403      302/404  302/404   403      403      302",
    },
    "coordination:action_evidence_download": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    "coordination:inpres_record": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "coordination:inpres_letter_pdf": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    "coordination:meeting_list": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "coordination:meeting_create": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "coordination:meeting_detail": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    "coordination:meeting_invitees_add": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "coordination:meeting_invite": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "coordination:meeting_attendance": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "coordination:meeting_minutes": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "coordination:meeting_decision_create": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    # The attendance QR code on the organiser's screen (those who run the meeting).
    "coordination:meeting_qr": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      405         403      405      403       403      403      405",
    },
    "coordination:meeting_qr_image": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      405         403      405      403       403      403      405",
    },
    # An invitee's own phone after scanning a meeting's QR code: anyone logged in may open it; it marks
    # present only someone on the meeting's list of invitees (404 with a message for others).
    "coordination:meeting_self_checkin": {
        "GET":  "login      404         404      200/404  200/404   200/404  404      404",
        "POST": "login      404         404      200/404  200/404   200/404  404      404",
    },
    "coordination:meeting_minutes_pdf": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    # Preventive activities (kegiatan pencegahan): logged by liaisons, the camat's office, Kesbangpol.
    "coordination:prevention_list": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "coordination:prevention_create": {
        "GET":  "login      200         403      200      200       403      403      200",
        "POST": "login      200         403      200      200       403      403      200",
    },
    # Where the phone form's offline queue posts (JSON; an empty POST is 400, a GET 405).
    "coordination:prevention_sync": {
        "GET":  "login      405         403      405      405       403      403      405",
        "POST": "login      400         403      400      400       403      403      400",
    },
    "coordination:prevention_detail": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    "coordination:prevention_update": {
        "GET":  "login      200         403      200/404  200/404   403      403      200",
        "POST": "login      200         403      200/404  200/404   403      403      200",
    },
    "coordination:prevention_photo_create": {
        "GET":  "login      405         403      405      405       403      403      405",
        "POST": "login      302         403      302/404  302/404   403      403      302",
    },
    "coordination:prevention_photo_download": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    # The action plan (rencana aksi terpadu): Kesbangpol writes it; its activities' agencies record progress.
    "coordination:plan_list": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "coordination:plan_create": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "coordination:plan_detail": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "coordination:plan_activity_create": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "coordination:plan_progress": {
        "GET":  "login      200         403      200/404  200/404   403      403      200",
        "POST": "login      200         403      200/404  200/404   403      403      200",
    },
    "coordination:plan_report": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "incidents:bawaslu_step_create": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:evidence_create": {
        "GET":  "login      405         403      405      405       405      403      405",
        "POST": "login      302         403      302/404  302/404   302/404  403      302",
    },
    "incidents:evidence_download": {
        "GET":  "login      200         200      200/404  200/404   200/404  403      200",
        "POST": "login      200         200      200/404  200/404   200/404  403      200",
    },
    "incidents:evidence_thumbnail": {
        "GET":  "login      200         200      200/404  200/404   200/404  403      200",
        "POST": "login      405         405      405      405       405      403      405",
    },
    "incidents:export_detail": {
        "GET":  "login      404         404      200/404  403       403      403      404",
        "POST": "login      404         404      200/404  403       403      403      404",
    },
    "incidents:export_download": {
        "GET":  "login      404         404      200/404  403       403      403      404",
        "POST": "login      404         404      200/404  403       403      403      404",
    },
    "incidents:followup_complete": {
        "GET":  "login      405         403      405      405       403      403      405",
        "POST": "login      302         403      302/404  302/404   403      403      302",
    },
    "incidents:followup_create": {
        "GET":  "login      405         403      405      405       403      403      405",
        "POST": "login      302         403      302/404  302/404   403      403      302",
    },
    "incidents:incident_assign": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "incidents:incident_close": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:incident_create": {
        "GET":  "login      200         403      200      200       200      403      200",
        "POST": "login      200         403      200      200       200      403      200",
    },
    # A report queued on the phone, sent when the signal returns: JSON, POST only; an empty form is a 400.
    # KoboToolbox / ODK Central: a server's call with the integration's secret; none here, so 401 for all.
    "collect:submission_webhook": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "401        401         401      401      401       401      401      401",
    },
    # The form integrations' pages: kabupaten administrators only; each sees its own kabupaten's.
    "collect:integration_create": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "collect:integration_deactivate": {
        "GET":  "login      405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      403      302",
    },
    "collect:integration_detail": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      405         405      405      405       405      405      405",
    },
    "collect:integration_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      405         405      405      405       405      405      405",
    },
    # A new secret, shown once on the answer.
    "collect:integration_renew": {
        "GET":  "login      405         405      405      405       405      405      405",
        "POST": "login      200         403      403      403       403      403      200",
    },
    # The field report's XLSForm with the integration's kabupaten's areas (a download).
    "collect:integration_xlsform": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      405         405      405      405       405      405      405",
    },
    # The public web form is off by default (PUBLIC_REPORT_FORM_ENABLED): 404 for everyone. Switched on,
    # anyone gets it, anonymous included (collect/tests/test_public.py); a blank POST is a 400.
    "collect:public_report": {
        "GET":  "404        404         404      404      404       404      404      404",
        "POST": "404        404         404      404      404       404      404      404",
    },
    "collect:public_report_thanks": {
        "GET":  "404        404         404      404      404       404      404      404",
        "POST": "404        404         404      404      404       404      404      404",
    },
    "incidents:incident_sync": {
        "GET":  "login      405         403      405      405       405      403      405",
        "POST": "login      400         403      400      400       400      403      400",
    },
    # Past events are entered by the kabupaten (Kesbangpol): a camat triages, but not the past.
    "incidents:incident_create_historical": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "incidents:incident_created": {
        "GET":  "login      200         403      200/404  200/404   200/404  403      200",
        "POST": "login      200         403      200/404  200/404   200/404  403      200",
    },
    "incidents:incident_detail": {
        "GET":  "login      200         200      200/404  200/404   200/404  403      200",
        "POST": "login      200         200      200/404  200/404   200/404  403      200",
    },
    "incidents:incident_export": {
        "GET":  "login      200         200      200      403       403      403      200",
        "POST": "login      200         200      200      403       403      403      200",
    },
    "incidents:incident_import_historical": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "incidents:incident_list": {
        "GET":  "login      200         200      200      200       200      403      200",
        "POST": "login      200         200      200      200       200      403      200",
    },
    "incidents:incident_promote": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    # The Bawaslu recap: for whom may export the list (its rows follow the list's scope).
    "incidents:incident_recap": {
        "GET":  "login      200         200      200      403       403      403      200",
        "POST": "login      200         200      200      403       403      403      200",
    },
    "incidents:incident_reject": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:incident_reopen": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:incident_report_pdf": {
        "GET":  "login      200         200      200/404  200/404   200/404  403      200",
        "POST": "login      200         200      200/404  200/404   200/404  403      200",
    },
    "incidents:incident_resolve": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:incident_resolve_elsewhere": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:incident_severity": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:incident_update": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "incidents:incident_verify": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:index": {
        "GET":  "login      200         200      200      200       200      403      200",
        "POST": "login      200         200      200      200       200      403      200",
    },
    "incidents:informant_detail": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "incidents:link_create": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:note_create": {
        "GET":  "login      405         403      405      405       403      403      405",
        "POST": "login      302         403      302/404  302/404   403      403      302",
    },
    "incidents:outcome_create": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "incidents:referral_create": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    # A POST without the current authenticator code is refused (400); no second factor yet: to enrolment.
    "mfa:codes": {
        "GET":  "login      302         302      302      302       302      302      302",
        "POST": "login      400         400      400      400       302      302      400",
    },
    # Required roles are refused (a message, back to the overview); an optional role without a second
    # factor has nothing to switch off; an enrolled optional role's POST without its current code is a
    # 400 (mfa/tests/test_mfa.py: the demo has no such user).
    "mfa:disable": {
        "GET":  "login      405         405      405      405       405      405      405",
        "POST": "login      302         302      302      302       302      302      302",
    },
    "mfa:enrol": {
        "GET":  "login      302         302      302      302       200      200      302",
        "POST": "login      302         302      302      302       200      200      302",
    },
    "mfa:overview": {
        "GET":  "login      200         200      200      200       200      200      200",
        "POST": "login      200         200      200      200       200      200      200",
    },
    "mfa:recovery": {
        "GET":  "login      302         302      302      302       200      200      302",
        "POST": "login      302         302      302      302       200      200      302",
    },
    "mfa:reset": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      302         403      403      403       403      403      302",
    },
    "mfa:reset_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "mfa:verify": {
        "GET":  "login      302         302      302      302       302      302      302",
        "POST": "login      302         302      302      302       302      302      302",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    # The operators' queue: triage roles in their areas (the camat, the kabupaten admin).
    "intake:intake_list": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "intake:intake_detail": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "intake:intake_accept": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      400         403      400/404  403       403      403      400",
    },
    "intake:intake_merge": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      400         403      400/404  403       403      403      400",
    },
    "intake:intake_reject": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      400         403      400/404  403       403      403      400",
    },
    # Anyone with a person in the registry makes their own one-time code; an account without one: 404.
    "intake:channel_link_code": {
        "GET":  "login      200         200      200      200       200      200      404",
        "POST": "login      200         200      200      200       200      200      404",
    },
    # Webhooks: anonymous by design (the provider calls them), refused without the secret (the matrix
    # sends none), whoever is logged in.
    "intake:sms_webhook": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "403        403         403      403      403       403      403      403",
    },
    "intake:telegram_webhook": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "403        403         403      403      403       403      403      403",
    },
    "notifications:broadcast_create": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "notifications:broadcast_detail": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "notifications:broadcast_list": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "notifications:delivery_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "notifications:delivery_retry": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      302         403      403      403       403      403      302",
    },
    "notifications:inbox_badge": {
        "GET":  "204        200         200      200      200       200      200      200",
        "POST": "204        200         200      200      200       200      200      200",
    },
    "notifications:inbox_mark_all_read": {
        "GET":  "login      405         405      405      405       405      405      405",
        "POST": "login      302         302      302      302       302      302      403",
    },
    "notifications:inboxitem_list": {
        "GET":  "login      200         200      200      200       200      200      403",
        "POST": "login      200         200      200      200       200      200      403",
    },
    "notifications:inboxitem_open": {
        "GET":  "login      405         405      405      405       405      405      405",
        "POST": "login      404         404      302/404  404       404      404      403",
    },
    "notifications:inboxitem_read": {
        "GET":  "login      405         405      405      405       405      405      405",
        "POST": "login      404         404      302/404  404       404      404      403",
    },
    "notifications:index": {
        "GET":  "login      200         200      200      200       200      200      403",
        "POST": "login      200         200      200      200       200      200      403",
    },
    "notifications:outboxemail_detail": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "notifications:outboxemail_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "notifications:whatsapp_webhook": {
        "GET":  "403        403         403      403      403       403      403      403",
        "POST": "403        403         403      403      403       403      403      403",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    "regions:adminunit_detail": {
        "GET":  "login      200         200      200      200       200      200      200",
        "POST": "login      200         200      200      200       200      200      200",
    },
    "regions:adminunit_list": {
        "GET":  "login      200         200      200      200       200      200      200",
        "POST": "login      200         200      200      200       200      200      200",
    },
    "regions:boundaries_geojson": {
        "GET":  "login      200         200      200      200       200      200      200",
        "POST": "login      405         405      405      405       405      405      405",
    },
    # Only Kesbangpol loads TPS (regions.add_pollingstation).
    "regions:pollingstation_import": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    # Reference data, as the area pages: every signed-in user, any desa.
    "regions:pollingstation_options": {
        "GET":  "login      200/200     200/200  200/200  200/200   200/200  200/200  200/200",
        "POST": "login      405         405      405      405       405      405      405",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    "risk:riskassessment_checklist": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "risk:riskassessment_create": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "risk:riskassessment_detail": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    "risk:riskassessment_list": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    "situation:dashboard": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "situation:desa_boundaries_geojson": {
        "GET":  "login      200         200      200/404  200/404   200/404  200      200",
        "POST": "login      405         405      405      405       405      405      405",
    },
    "situation:map": {
        "GET":  "login      200         200      200      200       200      200      200",
        "POST": "login      200         200      200      200       200      200      200",
    },
    "situation:map_measure": {
        "GET":  "login      200         200      200/404  200/404   200/404  404      200",
        "POST": "login      405         405      405      405       405      405      405",
    },
    "situation:map_points": {
        "GET":  "login      200         200      200/404  200/404   200/404  404      200",
        "POST": "login      405         405      405      405       405      405      405",
    },
    "situation:sitrep_detail": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    "situation:sitrep_download": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    "situation:sitrep_list": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      400         400      400      400       403      403      400",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    "stakeholders:contactpoint_create": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "stakeholders:contactpoint_delete": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "stakeholders:contactpoint_update": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "stakeholders:coverage_gaps": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "stakeholders:directory_export": {
        "GET":  "login      200         200      200      200       403      200      200",
        "POST": "login      200         200      200      200       403      200      200",
    },
    "stakeholders:dutyroster_create": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "stakeholders:dutyroster_delete": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "stakeholders:dutyroster_list": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "stakeholders:forum_create": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "stakeholders:forum_detail": {
        "GET":  "login      200         200      200/404  200/404   403      403      200",
        "POST": "login      200         200      200/404  200/404   403      403      200",
    },
    "stakeholders:forum_list": {
        "GET":  "login      200         200      200      200       403      403      200",
        "POST": "login      200         200      200      200       403      403      200",
    },
    "stakeholders:forum_update": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "stakeholders:forumseat_create": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "stakeholders:forumseat_delete": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      302         403      302/404  403       403      403      302",
    },
    "stakeholders:import_commit": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      404         403      302/404  403       403      403      302",
    },
    "stakeholders:import_create": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "stakeholders:import_detail": {
        "GET":  "login      404         403      200/404  403       403      403      200",
        "POST": "login      404         403      200/404  403       403      403      200",
    },
    "stakeholders:import_map": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      404         403      302/404  403       403      403      302",
    },
    "stakeholders:import_progress": {
        "GET":  "login      404         403      200/404  403       403      403      200",
        "POST": "login      404         403      200/404  403       403      403      200",
    },
    # The demo job has rejected rows, so its rejected-rows workbook exists.
    "stakeholders:import_rejected": {
        "GET":  "login      404         403      200/404  403       403      403      200",
        "POST": "login      404         403      200/404  403       403      403      200",
    },
    "stakeholders:import_replace": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      404         403      302/404  403       403      403      302",
    },
    "stakeholders:import_row_decide": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      404         403      302/404  403       403      403      302",
    },
    "stakeholders:import_row_drop": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      404         403      302/404  403       403      403      302",
    },
    "stakeholders:import_row_fix": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      404         403      302/404  403       403      403      302",
    },
    "stakeholders:import_sheet": {
        "GET":  "login      405         403      405      403       403      403      405",
        "POST": "login      404         403      302/404  403       403      403      302",
    },
    "stakeholders:import_template": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "stakeholders:index": {
        "GET":  "login      302         302      302      302       200      302      302",
        "POST": "login      302         302      302      302       200      302      302",
    },
    "stakeholders:organisation_create": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "stakeholders:organisation_detail": {
        "GET":  "login      200         200      200/404  200/404   403      200      200",
        "POST": "login      200         200      200/404  200/404   403      200      200",
    },
    "stakeholders:organisation_list": {
        "GET":  "login      200         200      200      200       403      200      200",
        "POST": "login      200         200      200      200       403      200      200",
    },
    "stakeholders:organisation_pick": {
        "GET":  "login      200         200      200      200       403      200      200",
        "POST": "405        405         405      405      405       405      405      405",
    },
    "stakeholders:organisation_update": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "stakeholders:person_account": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      302         403      403      403       403      403      302",
    },
    "stakeholders:person_create": {
        "GET":  "login      200         403      200      403       403      403      200",
        "POST": "login      200         403      200      403       403      403      200",
    },
    "stakeholders:person_detail": {
        "GET":  "login      200         200      200/404  200/404   403      200      200",
        "POST": "login      200         200      200/404  200/404   403      200      200",
    },
    "stakeholders:person_list": {
        "GET":  "login      200         200      200      200       403      200      200",
        "POST": "login      200         200      200      200       403      200      200",
    },
    "stakeholders:person_pick": {
        "GET":  "login      200         200      200      200       403      200      200",
        "POST": "405        405         405      405      405       405      405      405",
    },
    "stakeholders:person_personal_data": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "stakeholders:person_personal_data_erase": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      400         403      403      403       403      403      400",
    },
    "stakeholders:person_personal_data_export": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "stakeholders:person_update": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "stakeholders:position_create": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "stakeholders:position_end": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    # As ending a position: who may write positions, in scope.
    "stakeholders:position_nonactive_create": {
        "GET":  "login      200         403      200/404  403       403      403      200",
        "POST": "login      200         403      200/404  403       403      403      200",
    },
    "stakeholders:positionrequest_approve": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      404         403      403      403       403      403      302",
    },
    "stakeholders:positionrequest_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "stakeholders:positionrequest_reject": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      302         403      403      403       403      403      302",
    },
    #           anonymous  kesbangpol  bupati   camat    kapolsek  pelapor  pelatih  admin
    "training:attendance_sheet": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      400         403      403      403       403      400/404  400",
    },
    "training:batch_create": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      302/404  302",
    },
    "training:certificate_download": {
        "GET":  "login      200         200      404      404       200/404  200/404  200",
        "POST": "login      200         200      404      404       200/404  200/404  200",
    },
    "training:certificate_issue_all": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      302/404  302",
    },
    "training:certificate_issue_one": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      302/404  302",
    },
    "training:certificate_job_progress": {
        "GET":  "login      200         200      403      403       403      200/404  200",
        "POST": "login      200         200      403      403       403      200/404  200",
    },
    "training:certificate_list": {
        "GET":  "login      200         200      403      403       403      200/404  200",
        "POST": "login      200         200      403      403       403      200/404  200",
    },
    "training:certificate_revoke": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      302/404  302",
    },
    "training:checkin": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      200         403      403      403       403      200/404  200",
    },
    "training:checkin_submit": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      422         403      403      403       403      422/404  422",
    },
    "training:coverage_report": {
        "GET":  "login      200         200      403      403       403      200      200",
        "POST": "login      200         200      403      403       403      200      200",
    },
    "training:evaluation_summary": {
        "GET":  "login      200         200      403      403       403      200/404  200",
        "POST": "login      200         200      403      403       403      200/404  200",
    },
    "training:evaluation_take": {
        "GET":  "login      404         404      200/404  200/404   200/404  404      404",
        "POST": "login      404         404      200/404  200/404   200/404  404      404",
    },
    "training:index": {
        "GET":  "login      302         302      302      302       302      302      302",
        "POST": "login      302         302      302      302       302      302      302",
    },
    "training:material_download": {
        "GET":  "login      200/302     200/302  200/404  200/404   200/404  200/404  200/302",
        "POST": "login      200/302     200/302  200/404  200/404   200/404  200/404  200/302",
    },
    "training:material_list": {
        "GET":  "login      200         200      200/404  200/404   200/404  200/404  200",
        "POST": "login      200         404      404      404       404      200/404  200",
    },
    "training:my_training": {
        "GET":  "login      200         200      200      200       200      200      200",
        "POST": "login      200         200      200      200       200      200      200",
    },
    "training:org_type_quota_set": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      302/404  302",
    },
    "training:programme_create": {
        "GET":  "login      200         403      403      403       403      200      200",
        "POST": "login      200         403      403      403       403      200      200",
    },
    "training:programme_detail": {
        "GET":  "login      200         200      200/404  200/404   200/404  200/404  200",
        "POST": "login      200         200      200/404  200/404   200/404  200/404  200",
    },
    "training:programme_invitations_send": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      302/404  302",
    },
    "training:programme_list": {
        "GET":  "login      200         200      403      403       403      200      200",
        "POST": "login      200         200      403      403       403      200      200",
    },
    "training:programme_report": {
        "GET":  "login      200         200      403      403       403      200/404  200",
        "POST": "login      200         200      403      403       403      200/404  200",
    },
    "training:programme_report_xlsx": {
        "GET":  "login      200         200      403      403       403      200/404  200",
        "POST": "login      200         200      403      403       403      200/404  200",
    },
    "training:programme_update": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      200         403      403      403       403      200/404  200",
    },
    "training:question_list": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      200         403      403      403       403      200/404  200",
    },
    "training:registration_import": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      200         403      403      403       403      200/404  200",
    },
    "training:registration_import_detail": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      200         403      403      403       403      200/404  200",
    },
    "training:registration_import_progress": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      200         403      403      403       403      200/404  200",
    },
    "training:registration_import_save": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      302/404  302",
    },
    "training:registration_list": {
        "GET":  "login      200         200      403      403       403      200/404  200",
        "POST": "login      200         404      403      403       403      200/404  200",
    },
    "training:registration_status": {
        "GET":  "405        405         405      405      405       405      405      405",
        "POST": "login      302         403      403      403       403      302/404  302",
    },
    "training:session_qr": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      200         403      403      403       403      200/404  200",
    },
    "training:session_qr_image": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      200         403      403      403       403      200/404  200",
    },
    # A participant's own phone after scanning a session's QR code: anyone logged in may open it; it
    # checks in only someone registered in the session's programme (404 with a message for others).
    "training:session_self_checkin": {
        "GET":  "login      404         404      200/404  200/404   200/404  200/404  404",
        "POST": "login      404         404      200/404  200/404   200/404  200/404  404",
    },
    "training:session_create": {
        "GET":  "login      200         403      403      403       403      200/404  200",
        "POST": "login      200         403      403      403       403      200/404  200",
    },
    "training:test_take": {
        "GET":  "login      404         404      200/404  200/404   200/404  404      404",
        "POST": "login      404         404      200/404  200/404   200/404  404      404",
    },
    "training:ticket_detail": {
        "GET":  "login      200         200      404      404       200/404  200/404  200",
        "POST": "login      200         200      404      404       200/404  200/404  200",
    },
    "training:ticket_qr": {
        "GET":  "login      200         200      404      404       200/404  200/404  200",
        "POST": "login      200         200      404      404       200/404  200/404  200",
    },
    # Partner webhooks: kabupaten administrators only (the permission first, so others get 403 even
    # for the wrong method); every administrator covers the whole kabupaten, both objects included.
    "webhooks:subscription_create": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "webhooks:subscription_delete": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      302         403      403      403       403      403      302",
    },
    "webhooks:subscription_detail": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "webhooks:subscription_list": {
        "GET":  "login      200         403      403      403       403      403      200",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "webhooks:subscription_pause": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      302         403      403      403       403      403      302",
    },
    "webhooks:subscription_resume": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      302         403      403      403       403      403      302",
    },
    "webhooks:subscription_rotate": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      200         403      403      403       403      403      200",
    },
    "webhooks:subscription_test": {
        "GET":  "login      405         403      403      403       403      403      405",
        "POST": "login      302         403      403      403       403      403      302",
    },
}
# fmt: on
