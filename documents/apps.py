from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Document library")

    def ready(self):
        from core.media_files import register_library
        from documents.models import FOLDER, DocumentFile

        # Files no row points to: clean_media_files.
        register_library(
            name="documents",
            storage=lambda: DocumentFile._meta.get_field("file").storage,
            folders=[FOLDER],
            referenced=lambda: DocumentFile.objects.values_list(
                "file", flat=True
            ).iterator(chunk_size=2000),
        )
