"""Who must use a second factor, and recovery codes stored hashed.

Authenticator apps (django-otp's ``TOTPDevice``) and passkeys
(django-otp-webauthn's ``WebAuthnCredential``) are the devices proper.
Recovery codes are a fallback for a lost device: django-otp's own static
tokens are stored in clear, so they have a device of their own here.
"""

import hashlib
import secrets

from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

RECOVERY_CODE_COUNT = 10
# 16 letters of a 32-letter alphabet: 80 bits, out of reach of an offline
# guess against the stored digests, so one fast hash is enough (a slow
# password hash per code would cost seconds per verification).
# Crockford's base 32: no i, l, o or u to misread.
RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
RECOVERY_GROUPS, RECOVERY_GROUP_SIZE = 4, 4


def _digest(code: str) -> str:
    normal = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normal.encode()).hexdigest()


def new_recovery_code() -> str:
    letters = [
        secrets.choice(RECOVERY_ALPHABET)
        for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP_SIZE)
    ]
    return "-".join(
        "".join(letters[i : i + RECOVERY_GROUP_SIZE])
        for i in range(0, len(letters), RECOVERY_GROUP_SIZE)
    )


class SecondFactorPolicyQuerySet(models.QuerySet):
    def required(self):
        return self.filter(required=True)


class SecondFactorPolicy(models.Model):
    """Whether the members of one group must sign in with a second factor."""

    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="second_factor_policy",
    )
    required = models.BooleanField(
        _("second factor required"),
        default=False,
        help_text=_(
            "Members must enrol an authenticator app or a passkey before they "
            "can use the admin, and use it at every sign-in."
        ),
    )

    objects = SecondFactorPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["group__name"]
        verbose_name = _("second-factor policy")
        verbose_name_plural = _("second-factor policies")

    def __str__(self):
        return self.group.name


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A person's set of single-use recovery codes (one set at a time)."""

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return str(_("Recovery codes of {user}").format(user=self.user))

    def get_throttle_factor(self):
        return 1

    def remaining(self) -> int:
        return self.codes.filter(used_at=None).count()

    def verify_token(self, token):
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        used = self.codes.filter(digest=_digest(str(token)), used_at=None).update(
            used_at=timezone.now()
        )
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment(commit=True)
        return False

    def was_used(self, token: str) -> bool:
        """Whether ``token`` is one of these codes, already spent."""
        return self.codes.filter(digest=_digest(token), used_at__isnull=False).exists()

    def replace_codes(self) -> list[str]:
        """Void every code of this set and return new ones, in clear, once."""
        self.codes.all().delete()
        plain = [new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=self, digest=_digest(code)) for code in plain
        )
        return plain


class RecoveryCode(models.Model):
    """One recovery code, as a SHA-256 digest: never kept in clear."""

    device = models.ForeignKey(
        RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes"
    )
    digest = models.CharField(_("digest"), max_length=64)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "digest"], name="twofactor_unique_code"
            )
        ]

    def __str__(self):
        return self.digest[:8]
