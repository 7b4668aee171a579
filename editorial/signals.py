"""Signals of the drafts' review, for notifications.

Each is sent once the change is committed, with ``sender=<model class>``
and the keyword arguments ``obj`` (the item), ``actor`` (who acted),
``author`` (the draft's author), ``comment`` (a string, maybe empty) and
``language`` (a translation draft's language codes, else None).
"""

from django.dispatch import Signal

draft_submitted = Signal()
draft_approved = Signal()
draft_rejected = Signal()
draft_commented = Signal()
# An outside reviewer answered (reviews/): ``author`` sent them the link.
review_answered = Signal()
