"""factory_boy factories of regions rows that tests create beyond the shipped reference data."""

import factory

from regions.models import AdminUnit, Election, PollingStation


class PollingStationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PollingStation

    election = factory.LazyFunction(lambda: Election.objects.order_by("-voting_date").first())
    desa = factory.LazyFunction(lambda: AdminUnit.objects.get(code="64.08.04.2001"))
    number = factory.Sequence(lambda n: n + 1)
    lat = 0.52
    lng = 117.55
