"""Which trust a public form is for, when the visitor has not signed in.

One installation may serve several trusts. The public forms (asking for support, joining the pool)
ask a visitor which trust only when there is a choice to make, and offer only the trusts that take
enquiries: the real ones, or the demo trust in a demo installation.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet

from coproduce.organisations.models import Organisation


def trusts_visitors_choose_from() -> QuerySet[Organisation]:
    """The trusts a visitor may send a public form to: demo trusts only when there is no other."""
    real = Organisation.objects.filter(is_demo=False)
    trusts = real if real.exists() else Organisation.objects.all()
    return trusts.order_by("name")


class ChoosesTrust(forms.Form):
    """A public form with an `organisation` question, asked only when there is more than one
    trust to choose from. Call `offer_trusts()` from `__init__`, or `drop_trust_question(trust)`
    when the trust is already known (a signed-in person's own, a poster's)."""

    TRUST = "organisation"
    # The trust the form is for without asking: the only one there is, or the one already known.
    fixed_organisation: Organisation | None = None

    def offer_trusts(self) -> None:
        trusts = trusts_visitors_choose_from()
        first_two = list(trusts[:2])
        if len(first_two) == 1:
            self.drop_trust_question(first_two[0])
        else:
            self.fields[self.TRUST].queryset = trusts

    def drop_trust_question(self, known: Organisation | None) -> None:
        self.fixed_organisation = known
        self.fields.pop(self.TRUST, None)

    @property
    def asks_for_trust(self) -> bool:
        return self.TRUST in self.fields

    def known_organisation(self) -> Any:
        """The trust the form is for once known: the fixed one, or the one chosen (even while
        other answers need correcting). None until then."""
        if self.fixed_organisation is not None:
            return self.fixed_organisation
        if self.is_bound and self.asks_for_trust and self.TRUST not in self.errors:
            return self.cleaned_data.get(self.TRUST)
        return None

    def chosen_organisation(self) -> Any:
        """The trust a valid form is for."""
        return self.fixed_organisation or self.cleaned_data[self.TRUST]
