import factory
from factory.django import DjangoModelFactory

from press.models import Subscriber, SubscriberStatus


class SubscriberFactory(DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"journalist{n}@newsroom.example.org")
    name = factory.Sequence(lambda n: f"Journalist {n}")
    outlet = "Daily Planet"
    languages = " en "
    follows_everything = True
    status = SubscriberStatus.CONFIRMED

    class Params:
        pending = factory.Trait(status=SubscriberStatus.PENDING)
        unsubscribed = factory.Trait(status=SubscriberStatus.UNSUBSCRIBED)
        paused = factory.Trait(status=SubscriberStatus.PAUSED, bounce_count=3)
