"""Permissions that follow the positions a user's person holds today."""

from django.contrib.auth.backends import BaseBackend

from .selectors import access_profile


class PositionPermissionBackend(BaseBackend):
    """Grants the permissions of the access roles of the user's current positions (never authenticates)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(access_profile(user_obj).permissions)

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
