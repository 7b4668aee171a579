"""The second-factor pages, under /admin/security/ (staff only)."""

from django.contrib import admin
from django.urls import path

from twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", admin.site.admin_view(views.security), name="security"),
    path("verify/", admin.site.admin_view(views.verify), name="verify"),
    path(
        "authenticator/",
        admin.site.admin_view(views.add_authenticator),
        name="add-authenticator",
    ),
    path(
        "recovery-codes/",
        admin.site.admin_view(views.recovery_codes),
        name="recovery-codes",
    ),
    path(
        "<slug:kind>/<int:pk>/remove/",
        admin.site.admin_view(views.remove_device),
        name="remove-device",
    ),
]
