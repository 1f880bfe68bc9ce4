from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_access_groups(sender, using="default", **kwargs):
    """After migrate: make sure every permission exists, then mirror the access table into groups."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from .services import access_groups_sync

    # Apps migrated after this one have not had their permissions created yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    access_groups_sync(using=using)


class StakeholdersConfig(AppConfig):
    name = "stakeholders"
    verbose_name = _("Pemangku Kepentingan")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import activity_start

        post_migrate.connect(_sync_access_groups, sender=self, dispatch_uid="stakeholders_access_groups")
        user_logged_in.connect(activity_start, dispatch_uid="stakeholders_session_activity")
