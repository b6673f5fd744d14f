"""Every trust-and-safety change goes through one function in these modules, one per subject.

Each moderator decision is atomic, writes the audit log with the state before and after,
produces a statement of reasons for any restriction, tells the member (notification and email),
tells the reporters and notice senders the outcome, and closes the review item.

- reports: members report accounts and posts.
- notices: anyone's notice of illegal content (DSA 16).
- queue: the review queue, claims on its items, reopening them.
- decisions: moderator decisions, their reversal, statements for automated labels.
- misuse: repeated manifestly illegal content or unfounded reports (DSA 23).
- evidence: escalation to the authorities with an evidence package (DSA 18), its retention.
- appeals: appeals against decisions and dismissals (DSA 20).
- flaggers: trusted flaggers (DSA 22).

Callers import the subject module (`from parley.safety.actions import decisions`). The private
modules (_checks, _messages, _restrictions) hold what several subjects share; they import no
subject module back.
"""
