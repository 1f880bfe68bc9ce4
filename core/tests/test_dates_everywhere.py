"""Every form of the apps with a date or date-time field is bounded by core.dates (finding 2 of issue 12)."""

import importlib
import inspect

from django import forms
from django.apps import apps
from django.conf import settings

from core.dates import DateBoundsMixin

_DATE_FIELDS = (forms.DateField, forms.DateTimeField, forms.SplitDateTimeField)


def _project_forms():
    for config in apps.get_app_configs():
        if "site-packages" in config.path or not config.path.startswith(str(settings.BASE_DIR)):
            continue  # Django's and third-party apps
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_form_with_a_date_field_refuses_dates_outside_the_range():
    found = list(_project_forms())
    assert len(found) > 20
    unbounded = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in found
        if any(isinstance(field, _DATE_FIELDS) for field in cls.base_fields.values())
        and not issubclass(cls, DateBoundsMixin)
    ]
    assert not unbounded, f"add core.dates.DateBoundsMixin to {unbounded}"
