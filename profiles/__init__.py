"""Each staff member's own settings: interface language and time zone."""


def get_profile(user):
    """The profile of ``user``, created with the defaults the first time."""
    from profiles.models import Profile

    profile, _created = Profile.objects.get_or_create(user=user)
    return profile
