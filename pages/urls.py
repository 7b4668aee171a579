from django.urls import path
from django.utils.translation import gettext_lazy as _

from pages import views

app_name = "pages"

urlpatterns = [
    path(
        _("pages/<int:pk>-<slug:slug>/"),
        views.PageDetailView.as_view(),
        name="page-detail",
    ),
]
