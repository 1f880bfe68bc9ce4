from django.contrib.auth.models import Group

from stakeholders.access import ACCESS_PERMISSIONS
from stakeholders.choices import AccessRole
from stakeholders.services import access_groups_sync


def _perms(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_migrate_leaves_one_group_per_access_role(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(AccessRole.values)


def test_each_group_holds_exactly_the_permissions_of_the_access_table(db):
    access_groups_sync()
    for role in AccessRole.values:
        assert _perms(Group.objects.get(name=role)) == set(ACCESS_PERMISSIONS[role]), role


def test_sync_removes_a_permission_added_by_hand_and_is_idempotent(db):
    viewer = Group.objects.get(name=AccessRole.KABUPATEN_VIEWER)
    admin_group = Group.objects.get(name=AccessRole.KABUPATEN_ADMIN)
    viewer.permissions.add(*admin_group.permissions.filter(codename="delete_person"))
    access_groups_sync()
    access_groups_sync()
    assert "stakeholders.delete_person" not in _perms(Group.objects.get(name=AccessRole.KABUPATEN_VIEWER))
    assert Group.objects.filter(name=AccessRole.KABUPATEN_VIEWER).count() == 1
