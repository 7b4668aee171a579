"""Times on release pages in the zone of the office the release is from."""

from django import template

from core.timezones import country_time_zone

register = template.Library()


@register.filter
def release_time_zone(release) -> str:
    """The IANA zone of the office a release comes from, or "".

    The dateline's first place (its office, or its country), else the first
    related country office. Reads what ``for_detail()`` loads: no query.
    """
    for place in release.dateline_places.all():
        if place.office_id:
            return country_time_zone(place.office.country.code)
        if place.country:
            return country_time_zone(place.country.code)
    for office in release.country_offices.all():
        return country_time_zone(office.country.code)
    return ""
