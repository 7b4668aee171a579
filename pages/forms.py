from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pages.models import Page, Status
from translations.policy import check_publication_policy


class PageAdminForm(forms.ModelForm):
    """The editors' form: only publishers put a page on the site."""

    # Set per request by the admin (``PageAdmin.get_form``).
    can_publish = False

    class Meta:
        model = Page
        fields = ["title", "slug", "introduction", "body", "image", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Validation writes the chosen status onto the instance.
        self.status_before = self.instance.status if self.instance.pk else None

    def _post_clean(self):
        super()._post_clean()
        # Going live by picking the status obeys the translations policy
        # (all required languages together), as the publish action does.
        if "status" in self.changed_data and (
            self.cleaned_data.get("status") == Status.PUBLISHED
        ):
            try:
                check_publication_policy(self.instance)
            except ValidationError as error:
                self.add_error("status", error)

    def clean_status(self):
        status = self.cleaned_data["status"]
        before = self.status_before or Status.DRAFT
        if not self.can_publish and status != before:
            raise forms.ValidationError(
                _(
                    "Only publishers may publish or unpublish pages: save it "
                    "as a draft and a publisher will publish it."
                )
            )
        return status
