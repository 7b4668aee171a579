"""Sign-in throttling on top of django-axes: per address as well as per name.

Axes locks a user name from one address after AXES_FAILURE_LIMIT failures.
Password spraying (one password tried against many names) never trips that,
so an address is also locked, for every name, once its failures across all
names reach AXES_ADDRESS_FAILURE_LIMIT within the cool-off. That limit is
higher: colleagues behind one office address mistype too.
"""

import logging
import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render

logger = logging.getLogger("iomsite.audit")


def address_failures(request) -> int:
    """Count failed sign-ins from the request's address, whatever the name."""
    return (
        AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )


def address_is_locked(request) -> bool:
    return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT


class AddressThrottlingHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        if address_is_locked(request):
            # Axes compares this count with its per-name limit: a locked
            # address counts as locked for any name tried from it.
            return max(failures, get_failure_limit(request, credentials))
        return failures


def lockout_response(request, original_response=None, credentials=None):
    """Log the lock-out and explain it (AXES_LOCKOUT_CALLABLE)."""
    by_address = address_is_locked(request)
    username = get_client_username(request, credentials) or ""
    logger.warning(
        "sign-in locked out: %s from %s, user name %r",
        "every user name" if by_address else "this user name",
        request.axes_ip_address,
        username[:150],
    )
    minutes = math.ceil(get_cool_off(request).total_seconds() / 60)
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"by_address": by_address, "minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
