"""Optimistic locking: every editable model carries a version number.

A save is ``UPDATE … SET version = N + 1 WHERE pk = … AND version = N``
first: when another save got there since the object was read, no row
matches and the save is refused instead of overwriting the other one.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _


class StaleVersionError(ValidationError):
    """Someone else saved the object since this copy of it was read."""

    def __init__(self, obj):
        super().__init__(
            _(
                "“%(object)s” was changed by someone else in the meantime: "
                "nothing was saved. Open it again to see their changes."
            ),
            code="stale_version",
            params={"object": str(obj)},
        )


class Versioned(models.Model):
    """Abstract base: a version number bumped by every save of the object.

    Raw saves (``loaddata``, django-reversion's revert) set the number they
    carry; the admin's restore puts it back ahead (``editorial.admin``).
    """

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        manager = type(self)._base_manager.using(using)
        seen = self.version
        with transaction.atomic(using=using):
            claimed = manager.filter(pk=self.pk, version=seen).update(version=seen + 1)
            if not claimed and manager.filter(pk=self.pk).exists():
                raise StaleVersionError(self)
            self.version = seen + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
            try:
                return super().save(*args, **kwargs)
            except BaseException:
                self.version = seen
                raise

    def clean_fields(self, exclude=None):
        """Drop invisible format characters (Unicode category Cf) from the
        single-line texts — titles, names, slugs, roles, in every language.

        A right-to-left override (U+202E) or a zero-width space makes a
        title read differently from what it is, in lists, links and
        messages. Multi-line texts and rich-text bodies keep them: there
        they can be real typography (joiners in some scripts).
        """
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField):
                continue
            # Straight from the instance: modeltranslation's descriptor on
            # the original field would read (and write) another language.
            value = self.__dict__.get(field.attname)
            if isinstance(value, str):
                self.__dict__[field.attname] = "".join(
                    char for char in value if unicodedata.category(char) != "Cf"
                )
        super().clean_fields(exclude=exclude)
