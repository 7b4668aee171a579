from django import template

register = template.Library()


@register.filter
def correction_text(correction, language: str) -> str:
    """The correction's own text in ``language`` ("" when not written yet,
    never another language's: the template says which language it shows)."""
    return correction.text_in(language).strip()
