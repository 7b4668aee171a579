from django.urls import path
from django.utils.translation import gettext_lazy as _

from organization import views

app_name = "organization"

urlpatterns = [
    # Translators: URL words; keep the slash and anything in <> as it is.
    path(_("structure/"), views.StructureView.as_view(), name="structure"),
    path(
        _("structure/<int:pk>-<slug:slug>/"),
        views.UnitDetailView.as_view(),
        name="unit-detail",
    ),
    path(
        _("people/<int:pk>-<slug:slug>/"),
        views.PersonDetailView.as_view(),
        name="person-detail",
    ),
    path(_("where-we-work/"), views.OfficeListView.as_view(), name="office-list"),
    path(
        _("where-we-work/<int:pk>-<slug:slug>/"),
        views.OfficeDetailView.as_view(),
        name="office-detail",
    ),
]
