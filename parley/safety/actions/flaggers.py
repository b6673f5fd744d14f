"""DSA 22: trusted flaggers, whose notices are marked and decided with priority."""

from django.utils.translation import gettext as _

from parley.accounts.models import User
from parley.core.audit import record_audit
from parley.core.errors import ValidationFailed
from parley.safety.models import TrustedFlagger


def award_trusted_flagger(*, operator: User | None, user: User, name: str) -> TrustedFlagger:
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the trusted flagger's name."))
    flagger, _created = TrustedFlagger.objects.update_or_create(
        user=user, defaults={"name": name[:200], "active": True}
    )
    record_audit(actor=operator, action="trusted_flagger.award", target=user, after={"name": flagger.name})
    return flagger
