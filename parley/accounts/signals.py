"""What the accounts layer tells the layers above it, without importing them.

Accounts sits below posts and safety, so its actions cannot call them. Where a higher layer must
react to an account event inside the same transaction, the action sends one of these signals and
that layer's `receivers.py` (connected in its AppConfig.ready) reacts. Each signal says who listens.
"""

from django.dispatch import Signal

# `follower` now follows `target` (posts: a "follow" notification).
follow_started = Signal()
# `requester` asked to follow the locked account `target` (posts: a "follow request" notification).
follow_requested = Signal()
# `follower` no longer follows `target` (unfollowed, or a block ended it) (lists: `target` leaves
# the follower's lists).
follow_ended = Signal()
# `member` is about to be erased; each receiver erases what its domain holds of theirs, before the
# account row goes (posts: their posts, media and upvotes, keeping others' counters right).
member_erasing = Signal()
# Someone wants to sign up with `email`. A receiver that refuses it returns the reason, shown to
# them; any other answer is None (safety: the address of a banned account).
signup_email_vetting = Signal()
# `member`'s password was just set to a new one (any path: the web, a reset, the admin, Django's
# changepassword; never a hash upgrade). Whoever knew the old one keeps no access (mastodon_api:
# deletes the member's tokens and authorization codes). Sent by passwords.AnnouncePasswordChange.
password_changed = Signal()
