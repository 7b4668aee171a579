from django.urls import path
from django.utils.translation import gettext_lazy as _

from press import views

app_name = "press"

urlpatterns = [
    # Translators: URL words; keep the slash and anything in <> as it is.
    path(_("press/subscribe/"), views.subscribe, name="subscribe"),
    path(_("press/subscribe/sent/"), views.subscribe_sent, name="subscribe-sent"),
    path(_("press/confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("press/preferences/<str:token>/"), views.manage, name="manage"),
    path(_("press/preferences/<str:token>/delete/"), views.delete, name="delete"),
    path(_("press/deleted/"), views.deleted, name="deleted"),
    path(_("press/unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
]
