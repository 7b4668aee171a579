from modeltranslation.translator import TranslationOptions, register

from documents.models import Document


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")
