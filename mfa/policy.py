"""Who must use a second factor: derived from the access model's permissions, not from a list of roles.

A user needs MFA when they may open informant identities, the delivery log or the registry's
contacts (whatever role gives them that), or the Django admin. Other users may enrol by choice;
once they have a device, their logins are verified too.
"""

from __future__ import annotations

from stakeholders.selectors import access_profile

MFA_REQUIRED_PERMISSIONS = (
    "incidents.view_confidentialinformant",
    "notifications.view_delivery",
    "stakeholders.view_contactpoint",
)

# Session key caching "this optional user has no device" so their requests cost no query.
NO_DEVICE_SESSION_KEY = "mfa_no_device"


def mfa_required(user) -> bool:
    """Whether the user must have (and pass) a second factor."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    # The access profile is cached on the user for the request (every view reads it anyway),
    # so this costs no query of its own.
    return bool(access_profile(user).permissions.intersection(MFA_REQUIRED_PERMISSIONS))


def mfa_required_roles(access_permissions: dict[str, list[str]]) -> list[str]:
    """The access roles whose permissions make MFA required (for the guide and the tests)."""
    required = set(MFA_REQUIRED_PERMISSIONS)
    return sorted(role for role, permissions in access_permissions.items() if required & set(permissions))
