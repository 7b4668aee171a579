"""The journalist's pages: sign up, confirm, preferences, unsubscribe.

None is stored by the page cache (none opted in), and every page reached
from a signed link is ``never_cache`` and ``noindex``: it is someone's.
"""

import json
import logging

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from press import limits, services, signed
from press.forms import PreferencesForm, SignUpForm
from press.models import SubscriberStatus

logger = logging.getLogger(__name__)


def _token_page(request, template: str, context: dict, status: int = 200):
    context = {"noindex": True, **context}
    response = render(request, template, context, status=status)
    # The token in the address never goes to another site; "no-referrer"
    # would make browsers send "Origin: null", which the CSRF check refuses.
    response["Referrer-Policy"] = "same-origin"
    return response


def _link_problem(request, problem: signed.LinkProblem, purpose: str):
    return _token_page(
        request,
        "press/link_problem.html",
        {"expired": problem.expired, "purpose": purpose},
        status=410 if problem.expired else 400,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """The sign-up form; whatever the address, the same "check your inbox"
    page follows."""
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_robot:
            logger.warning("press sign-up refused: honeypot filled")
            return redirect("press:subscribe-sent")
        try:
            limits.claim("ip", get_client_ip_address(request) or "-")
            if form.is_valid():
                limits.claim("email", form.cleaned_data["email"])
        except limits.TooMany as too_many:
            form.is_valid()
            form.add_error(None, too_many.message)
            status = 429
        else:
            if form.is_valid():
                data = form.cleaned_data
                services.sign_up(
                    email=data["email"],
                    name=data["name"],
                    outlet=data["outlet"],
                    languages=data["languages"],
                    follows=form.follows,
                    consent_text=str(form.fields["consent"].label),
                    language=get_language(),
                )
                return redirect("press:subscribe-sent")
    return render(request, "press/subscribe.html", {"form": form}, status=status)


def subscribe_sent(request):
    return render(request, "press/subscribe_sent.html", {"noindex": True})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button (mail scanners follow links); POST confirms."""
    try:
        subscriber = signed.check(token, signed.CONFIRM)
    except signed.LinkProblem as problem:
        return _link_problem(request, problem, signed.CONFIRM)
    if request.method == "POST" and subscriber.status == SubscriberStatus.PENDING:
        services.confirm(subscriber=subscriber)
        messages.success(
            request,
            gettext(
                "Your subscription is confirmed: you will receive the press "
                "releases you chose. You can change your choices here at any time."
            ),
        )
        return HttpResponseRedirect(
            reverse(
                "press:manage",
                kwargs={"token": signed.token_for(subscriber, signed.MANAGE)},
            )
        )
    return _token_page(request, "press/confirm.html", {"subscriber": subscriber})


def _manage_address(subscriber) -> str:
    token = signed.token_for(subscriber, signed.MANAGE)
    return reverse("press:manage", kwargs={"token": token})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    """The subscriber's preferences, reached from any email's link."""
    try:
        subscriber = signed.check(token, signed.MANAGE)
    except signed.LinkProblem as problem:
        return _link_problem(request, problem, signed.MANAGE)
    if request.method == "POST" and "resubscribe" in request.POST:
        services.resubscribe(subscriber=subscriber)
        messages.success(request, gettext("You are subscribed again."))
        return HttpResponseRedirect(request.path)
    if request.method == "POST" and "download" in request.POST:
        data = services.subscriber_data(subscriber)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            'attachment; filename="my-press-subscription.json"'
        )
        return response
    form = PreferencesForm.for_subscriber(
        subscriber, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_preferences(
            subscriber=subscriber,
            name=data["name"],
            outlet=data["outlet"],
            languages=data["languages"],
            follows=form.follows,
        )
        messages.success(request, gettext("Your choices are saved."))
        return HttpResponseRedirect(request.path)
    return _token_page(
        request,
        "press/manage.html",
        {"subscriber": subscriber, "form": form, "token": token},
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, token):
    """Delete everything stored about the subscriber, after a confirmation."""
    try:
        subscriber = signed.check(token, signed.MANAGE)
    except signed.LinkProblem as problem:
        return _link_problem(request, problem, signed.MANAGE)
    if request.method == "POST":
        services.delete_subscriber(subscriber=subscriber)
        return redirect("press:deleted")
    return _token_page(
        request, "press/delete.html", {"subscriber": subscriber, "token": token}
    )


def deleted(request):
    return render(request, "press/deleted.html", {"noindex": True})


@csrf_exempt  # token-authenticated; mail providers POST here (RFC 8058)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe: a POST with ``List-Unsubscribe=One-Click``
    (from the mail program) or from the button on the GET page."""
    try:
        subscriber = signed.check(token, signed.MANAGE)
    except signed.LinkProblem as problem:
        return _link_problem(request, problem, signed.MANAGE)
    if request.method != "POST":
        return _token_page(
            request,
            "press/unsubscribe.html",
            {"subscriber": subscriber, "token": token},
        )
    services.unsubscribe(subscriber=subscriber)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse(
            gettext("Unsubscribed."), content_type="text/plain; charset=utf-8"
        )
    messages.success(
        request,
        gettext("You are unsubscribed: we will send you nothing more."),
    )
    return HttpResponseRedirect(_manage_address(subscriber))
