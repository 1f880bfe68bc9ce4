"""Demo logins every installation has (the superuser for the Django admin) and the helpers every app's demo uses."""

from django.contrib.auth import get_user_model

DEMO_PASSWORD = "demo-pilkada-2024"  # noqa: S105 - a documented demo password, never used in production


def demo_user(
    username: str, *, first_name: str = "", last_name: str = "", is_staff=False, is_superuser=False
):
    """Create the user on the first run only, so a changed password survives a second seed."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
            "email": f"{username}@demo.invalid",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def seed() -> list[tuple[str, str, str]]:
    demo_user("admin", first_name="Admin", last_name="Sistem", is_staff=True, is_superuser=True)
    return [("admin", DEMO_PASSWORD, "superuser (Django admin, semua data)")]
