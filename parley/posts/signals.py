"""What the posts layer tells the layers above it, without importing them.

Each signal is sent by the action that owns the write, inside its transaction; the listening
layer connects one receiver in its `receivers.py` (from AppConfig.ready). Each signal says who
listens.
"""

from django.dispatch import Signal

# The direct message `post` was published, at once or after review (conversations: each
# participant's conversation with the others moves to it).
direct_message_published = Signal()
# The direct message `post` is about to be deleted (conversations: each conversation that ended
# with it ends with its previous message, or goes when none is left).
direct_message_deleting = Signal()
# `post` became visible to others: published at once or after review, or an echo made (feeds:
# pushed to the home feeds of its author and of their followers).
post_announced = Signal()
# `post` was stored held for review, visible to its author only (feeds: pushed to its author's own
# home feed, where the author sees it as before).
post_held = Signal()
