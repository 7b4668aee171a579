"""What makes a library image public: being used by something public.

The apps above this one say how they use images, as with
``admin.register``; the library never imports them. In an app's
``AppConfig.ready()``::

    from images import usage

    # A foreign key (or many-to-many) to images.Image named "image":
    usage.register(PressRelease, public=lambda releases: releases.public())
    # Rich text that may show library images (CKEditor's <img src>):
    usage.register_bodies(
        PressRelease, fields=["body"], public=lambda releases: releases.public()
    )
    # A row that belongs to something else (a gallery's item):
    usage.register(GalleryItem, owner="release",
                   public=lambda items: items.filter(release__in=...public()))

``public`` receives the model's QuerySet and returns the public part of it,
lazily: the file view asks everything in one query (``EXISTS`` per use).

Bodies keep their image addresses in the text; which images a body shows
is written down when the object is saved (``ImageReference``, rebuilt from
the text at each save; ``manage.py rebuild_image_references`` for rows
saved before), so the check stays one indexed query.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeData, mark_safe

from core import access
from core.i18n import language_codes


@dataclass(frozen=True)
class Use:
    model: type[models.Model]
    field: str
    public: Callable
    owner: str  # the path from the model to what opens it ("pk": itself)


@dataclass(frozen=True)
class Bodies:
    model: type[models.Model]
    fields: tuple[str, ...]
    public: Callable


_uses: list[Use] = []
_bodies: list[Bodies] = []


def register(
    model: type[models.Model],
    *,
    public: Callable,
    field: str = "image",
    owner: str = "pk",
) -> None:
    """``model.field`` points to images; ``public(queryset)`` is the part of
    ``model``'s rows readers may see. ``owner``: the path to the object an
    embargo pass opens (``"release"`` for a release's gallery item)."""
    use = Use(model=model, field=field, public=public, owner=owner)
    if use not in _uses:
        _uses.append(use)


def register_bodies(model: type[models.Model], *, fields, public: Callable) -> None:
    """``model``'s rich-text ``fields`` (each language's column too) may
    show library images; ``public`` as in ``register()``."""
    bodies = Bodies(model=model, fields=tuple(fields), public=public)
    if bodies in _bodies:
        return
    _bodies.append(bodies)
    uid = f"image-references-{model._meta.label_lower}"
    post_save.connect(_on_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_on_delete, sender=model, dispatch_uid=uid)


def _label(model) -> str:
    return model._meta.label_lower


def _any(conditions: list) -> models.Expression:
    """The conditions OR-ed as one boolean column (False for none)."""
    if not conditions:
        return models.Value(False)
    combined = Q(conditions[0])
    for condition in conditions[1:]:
        combined |= condition
    return models.ExpressionWrapper(combined, output_field=models.BooleanField())


def public_condition() -> models.Expression:
    """True for an image (``OuterRef("pk")``) that something public uses."""
    from images.models import ImageReference

    conditions = []
    for use in _uses:
        rows = use.public(use.model._default_manager.all())
        conditions.append(Exists(rows.filter(**{use.field: OuterRef("pk")})))
    for bodies in _bodies:
        public = bodies.public(bodies.model._default_manager.all())
        conditions.append(
            Exists(
                ImageReference.objects.filter(
                    image=OuterRef("pk"),
                    model=_label(bodies.model),
                    object_id__in=public.values("pk"),
                )
            )
        )
    return _any(conditions)


def opened_condition(opened: models.QuerySet) -> models.Expression:
    """True for an image that one of the ``opened`` objects uses (drafts and
    scheduled ones included): what an embargo pass reaches."""
    from images.models import ImageReference

    conditions = []
    for use in _uses:
        target = use.model if use.owner == "pk" else _owner_model(use)
        if target is not opened.model:
            continue
        conditions.append(
            Exists(
                use.model._default_manager.filter(
                    **{
                        f"{use.owner}__in": opened.values("pk"),
                        use.field: OuterRef("pk"),
                    }
                )
            )
        )
    for bodies in _bodies:
        if bodies.model is not opened.model:
            continue
        conditions.append(
            Exists(
                ImageReference.objects.filter(
                    image=OuterRef("pk"),
                    model=_label(bodies.model),
                    object_id__in=opened.values("pk"),
                )
            )
        )
    return _any(conditions)


def _owner_model(use: Use):
    model = use.model
    for part in use.owner.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def address_pattern() -> re.Pattern:
    """Library addresses in HTML: today's (``/library/images/…``) and the
    media addresses used before the files became private."""
    from django.urls import reverse

    prefix = reverse("images:file", kwargs={"name": "images/x"})[: -len("images/x")]
    prefixes = "|".join(
        re.escape(p) for p in (prefix, f"{settings.MEDIA_URL.rstrip('/')}/")
    )
    return re.compile(
        rf"(?:{prefixes})(images/(?:originals/[\w.-]+|renditions/(\d+)/[\w.-]+))"
    )


def with_passes(html):
    """``html`` with the pass being issued (``core.access.issuing``) added
    to each library address in it; unchanged without one. Keeps ``html``
    safe if it was."""
    parameter = access.query()
    if not parameter or not html:
        return html
    result = address_pattern().sub(
        lambda match: f"{match.group(0)}?{parameter}", str(html)
    )
    return mark_safe(result) if isinstance(html, SafeData) else result


IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def without_withdrawn(html):
    """``html`` with every library photo whose rights have expired replaced
    by the withdrawn placeholder (``images/_withdrawn_inline.html``): one
    query, and only when ``html`` shows library files. Keeps ``html`` safe
    if it was.

    The file view answers those addresses with the placeholder too
    (``images.files``), for pages kept in a cache from before the expiry
    and for copies elsewhere; here the reader also loses the old alt text,
    which described a photo no longer shown.
    """
    from django.template.loader import render_to_string

    from images.models import Image

    text = str(html or "")
    pattern = address_pattern()
    found = list(pattern.finditer(text))
    if not found:
        return html
    ids = {int(m.group(2)) for m in found if m.group(2)}
    names = {m.group(1) for m in found if not m.group(2)}
    expired = (
        Image.objects.filter(Q(pk__in=ids) | Q(file__in=names))
        .exclude(pk__in=Image.objects.usable().values("pk"))
        .values_list("pk", "file")
    )
    gone_ids, gone_names = set(), set()
    for pk, name in expired:
        gone_ids.add(pk)
        gone_names.add(name)
    if not gone_ids:
        return html
    placeholder = render_to_string("images/_withdrawn_inline.html").strip()

    def replace(tag: re.Match) -> str:
        for match in pattern.finditer(tag.group(0)):
            pk = match.group(2)
            if (pk and int(pk) in gone_ids) or match.group(1) in gone_names:
                return placeholder
        return tag.group(0)

    result = IMG_TAG.sub(replace, text)
    return mark_safe(result) if isinstance(html, SafeData) else result


def images_in(html: str) -> set[int]:
    """The ids of the library images whose files ``html`` shows."""
    from images.models import Image

    ids: set[int] = set()
    names: set[str] = set()
    for match in address_pattern().finditer(html or ""):
        if match.group(2):
            ids.add(int(match.group(2)))
        else:
            names.add(match.group(1))
    if not ids and not names:
        return set()
    return set(
        Image.objects.filter(Q(pk__in=ids) | Q(file__in=names)).values_list(
            "pk", flat=True
        )
    )


def _texts(instance, fields) -> str:
    texts = []
    for field in fields:
        texts.append(getattr(instance, field, "") or "")
        texts.extend(
            getattr(instance, f"{field}_{code}", "") or "" for code in language_codes()
        )
    return "\n".join(str(text) for text in texts)


def record_references(instance) -> None:
    """Write down which library images ``instance``'s bodies show."""
    from images.models import ImageReference

    bodies = next(b for b in _bodies if isinstance(instance, b.model))
    label = _label(bodies.model)
    found = images_in(_texts(instance, bodies.fields))
    existing = ImageReference.objects.filter(model=label, object_id=instance.pk)
    kept = set(existing.values_list("image_id", flat=True))
    if found == kept:
        return
    with transaction.atomic():
        if kept - found:
            existing.filter(image_id__in=kept - found).delete()
        ImageReference.objects.bulk_create(
            [
                ImageReference(image_id=pk, model=label, object_id=instance.pk)
                for pk in sorted(found - kept)
            ],
            ignore_conflicts=True,
        )


def rebuild_all() -> int:
    """Record the references of every registered object; how many rows."""
    count = 0
    for bodies in _bodies:
        for instance in bodies.model._default_manager.iterator(chunk_size=500):
            record_references(instance)
            count += 1
    return count


def _on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    bodies = next(b for b in _bodies if b.model is sender)
    if update_fields is not None:
        names = {
            name
            for field in bodies.fields
            for name in (field, *(f"{field}_{code}" for code in language_codes()))
        }
        if not names & set(update_fields):
            return
    record_references(instance)


def _on_delete(sender, instance, **kwargs):
    from images.models import ImageReference

    ImageReference.objects.filter(model=_label(sender), object_id=instance.pk).delete()
