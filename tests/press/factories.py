import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from press.models import Subscriber, SubscriberStatus


class SubscriberFactory(DjangoModelFactory):
    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"journalist{n}@newsroom.example.org")
    name = factory.Sequence(lambda n: f"Journalist {n}")
    outlet = "Daily Planet"
    languages = " en "
    follows_everything = True
    status = SubscriberStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=SubscriberStatus.PENDING, confirmed_at=None)
        unsubscribed = factory.Trait(status=SubscriberStatus.UNSUBSCRIBED)
        paused = factory.Trait(status=SubscriberStatus.PAUSED, bounce_count=3)
        verified = factory.Trait(verified_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def offices(self, create, extracted, **kwargs):
        if create and extracted:
            self.offices.add(*extracted)

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.add(*extracted)

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.add(*extracted)

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        if create and extracted:
            self.kinds.add(*extracted)
