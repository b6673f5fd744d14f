"""What screening tells the layers above it, without importing them.

Screening is the lowest domain layer: it may not know the review queue or statements of reasons
that a verdict leads to. It announces each stored verdict instead, inside the transaction that
stored it, and `parley.safety.receivers` (the one receiver) opens the queue item or states the
label's reasons in that same transaction.
"""

from django.dispatch import Signal

# Sent with `content` (the screened row), `kind`, `verdict` and `decision` (the ScreeningDecision).
verdict_recorded = Signal()
