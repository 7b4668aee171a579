from django.urls import path

from images import views

app_name = "images"

urlpatterns = [
    path("<path:name>", views.serve_file, name="file"),
]
