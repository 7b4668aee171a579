from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "images"
    verbose_name = _("Image library")

    def ready(self):
        from core.media_files import register_library
        from images import renditions, storage
        from images.models import ORIGINALS_FOLDER, stored_file_names

        # Originals and renditions no image points to: clean_media_files.
        register_library(
            name="images",
            storage=storage.backend,
            folders=[ORIGINALS_FOLDER, renditions.FOLDER],
            referenced=stored_file_names,
        )
