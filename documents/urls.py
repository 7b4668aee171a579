from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path(
        "<int:pk>/<str:language>/<slug:slug>.<str:extension>",
        views.download_file,
        name="file-download",
    ),
]
