"""Permissions that follow the positions a user's person holds today."""

from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q

from .selectors import access_profile


class AccountBackend(ModelBackend):
    """Django's ModelBackend (password login, permissions given to the account or its groups), with the
    account's and its groups' permissions read in one query instead of two on every request."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list("content_type__app_label", "codename")
            }
        return user_obj._perm_cache


class PositionPermissionBackend(BaseBackend):
    """Grants the permissions of the access roles of the user's current positions (never authenticates)."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(access_profile(user_obj).permissions)

    def has_perm(self, user_obj, perm, obj=None):
        return perm in self.get_all_permissions(user_obj, obj)
