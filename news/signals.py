"""Signals the news app sends for the apps above it (press, pages…).

``correction_complete(sender=Correction, correction=…)``: sent once per
correction, after the commit that made its text present in every language
the publication policy requires (``news.corrections``). The press app
sends the correction to the subscribers who received the item.
"""

from django.dispatch import Signal

correction_complete = Signal()
