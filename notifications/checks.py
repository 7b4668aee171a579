from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def email_is_configured(app_configs, **kwargs):
    """Without an SMTP host, notifications stay in the admin: every email
    fails, is retried and ends marked failed."""
    if settings.DEBUG or settings.EMAIL_HOST:
        return []
    return [
        Warning(
            "DJANGO_EMAIL_HOST is not set: notifications are listed in the "
            "admin but no email can be sent.",
            hint="Set DJANGO_EMAIL_HOST (and DJANGO_EMAIL_PORT, "
            "DJANGO_EMAIL_HOST_USER, DJANGO_EMAIL_HOST_PASSWORD, "
            "DJANGO_DEFAULT_FROM_EMAIL) as the README's deploy step says.",
            id="notifications.W001",
        )
    ]
