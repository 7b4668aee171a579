from django.urls import path
from django.utils.translation import gettext_lazy as _

from news import views

app_name = "news"

urlpatterns = [
    path(_("news/"), views.PressReleaseListView.as_view(), name="release-list"),
    path(
        _("news/<int:pk>-<slug:slug>/"),
        views.PressReleaseDetailView.as_view(),
        name="release-detail",
    ),
    path(
        _("news/embargoed/<str:token>/"),
        views.release_embargo,
        name="release-embargo",
    ),
    path(
        _("news/contacts/<int:pk>/vcard/"),
        views.contact_vcard,
        name="contact-vcard",
    ),
]
