import factory
from factory.django import DjangoModelFactory

from documents.models import Document, DocumentFile
from tests.documents.files import pdf_bytes


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    title_en = factory.Sequence(lambda n: f"Annual report {n}")


class DocumentFileFactory(DjangoModelFactory):
    class Meta:
        model = DocumentFile

    document = factory.SubFactory(DocumentFactory)
    language = "en"
    file = factory.django.FileField(data=pdf_bytes(2), filename="report.pdf")
    kind = "pdf"
    content_type = "application/pdf"
    original_name = "report.pdf"
    size = factory.LazyAttribute(lambda o: o.file.size)
    pages = 2
