import factory

from jsnlearn.accounts.models import User

PASSWORD = "kidoku-stamp-42"  # every factory user signs in with this


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Learner {n}")
    password = factory.django.Password(PASSWORD)
