"""CKEditor's upload and browse views, under the admin area (staff only).

Mounted by ``iomsite/urls.py`` at ``admin/ckeditor/``; uploads go through
``news.views.upload_body_image``, which applies the lead image's checks.
"""

from ckeditor_uploader import views as ckeditor_views
from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path
from django.views.decorators.cache import never_cache

from news import views

urlpatterns = [
    path("upload/", views.upload_body_image, name="ckeditor_upload"),
    path(
        "browse/",
        never_cache(staff_member_required(ckeditor_views.browse)),
        name="ckeditor_browse",
    ),
]
