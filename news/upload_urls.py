"""CKEditor's upload and browse views, under the admin area (staff only).

Mounted by ``iomsite/urls.py`` at ``admin/ckeditor/``: the second-factor
middleware guards them like the rest of the admin. Both work on the image
library: uploads go through ``news.views.upload_body_image`` into it, and
"Browse server" shows it (``images.views.editor_browse``). django-ckeditor
finds them by these URL names.
"""

from django.urls import path

from images import views as images_views
from news import views

urlpatterns = [
    path("upload/", views.upload_body_image, name="ckeditor_upload"),
    path("browse/", images_views.editor_browse, name="ckeditor_browse"),
]
