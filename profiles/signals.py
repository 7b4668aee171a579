"""What happened to someone's sessions, for the account audit.

``profiles`` sits below ``editorial`` in the layers: it tells, and
``editorial.account_signals`` records. Both are sent with
``sender=<user model>`` and the keyword arguments ``request``, ``user``
and ``sessions_ended`` (how many other sessions ended).
"""

from django.dispatch import Signal

# The person changed their own password: their other sessions ended.
password_changed = Signal()
# The person chose "Sign out everywhere else" on their profile page.
other_sessions_ended = Signal()
