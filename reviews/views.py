"""The outside reviewer's page: read, comment per paragraph, answer once."""

from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import access
from core.views import private_response
from editorial import audit, signals
from reviews.document import versions
from reviews.models import Decision, ReviewComment, ReviewLink

MAX_COMMENT = 5_000


@require_http_methods(["GET", "HEAD", "POST"])
def outside_review(request, token):
    link = get_object_or_404(ReviewLink, token=token)
    item = link.item
    if item is None or (link.answered_at is None and not link.is_open()):
        response = render(
            request,
            "reviews/closed.html",
            {"noindex": True, "language_urls": {}},
            status=410,
        )
        return _private(response)
    # Photos not public yet show here through a pass tied to the link.
    with access.issuing("review", link.pk):
        document = versions(item, item.review_languages())
    context = {
        "link": link,
        "item": item,
        "document": document,
        "decisions": Decision.choices,
        "noindex": True,
        "language_urls": {},
        "errors": [],
        "posted": {},
    }
    if link.answered_at is None and request.method == "POST":
        outcome = _answer(request, link, item, document)
        if outcome is None:
            return _private(HttpResponseRedirect(request.path))
        context.update(outcome)
    with access.issuing("review", link.pk):
        return _private(render(request, "reviews/review.html", context))


def _private(response):
    # The secret address must not leave in a Referer, nor be kept anywhere.
    response["Referrer-Policy"] = "no-referrer"
    return private_response(response)


def _answer(request, link, item, document):
    """Store the answer; None when done, else what to show again."""
    decision = request.POST.get("decision", "")
    name = " ".join(request.POST.get("name", "").split())[:200]
    general = request.POST.get("comment", "").strip()
    comments = []
    for version in document:
        for part in version.parts:
            for position, block in enumerate(part.blocks):
                text = request.POST.get(block.key, "").strip()
                if text:
                    comments.append(
                        ReviewComment(
                            link=link,
                            language=version.language,
                            part=str(part.label)[:100],
                            position=position + 1,
                            excerpt=block.excerpt[:300],
                            text=text[:MAX_COMMENT],
                        )
                    )
    errors = []
    if decision not in Decision.values:
        errors.append(_("Choose an answer: approve, or ask for changes."))
    if decision == Decision.CHANGES and not (general or comments):
        errors.append(
            _("Say what should change: a general comment or one on a paragraph.")
        )
    if not name:
        errors.append(_("Give your name, so the publisher knows who answered."))
    if errors:
        # Everything typed is shown again.
        for version in document:
            for part in version.parts:
                for block in part.blocks:
                    block.typed = request.POST.get(block.key, "")
        return {"errors": errors, "posted": request.POST}
    with transaction.atomic():
        locked = ReviewLink.objects.select_for_update().get(pk=link.pk)
        if locked.answered_at is not None:
            return None
        locked.answered_at = timezone.now()
        locked.answered_by = name
        locked.decision = decision
        locked.comment = general[:MAX_COMMENT]
        locked.save()
        ReviewComment.objects.bulk_create(comments)
        audit.record(
            user=link.created_by,
            obj=item,
            action="outside review",
            detail=_("%(name)s for %(reviewer)s: %(decision)s, %(count)d comments")
            % {
                "name": name,
                "reviewer": link.reviewer,
                "decision": locked.get_decision_display(),
                "count": len(comments) + bool(general),
            },
        )
        transaction.on_commit(
            lambda: signals.review_answered.send(
                sender=type(item),
                obj=item,
                actor=None,
                author=link.created_by,
                comment=general,
                language=None,
            )
        )
    return None
