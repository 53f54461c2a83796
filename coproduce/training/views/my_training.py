"""A person's own training: what they have completed, certificates, and what they have booked."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.training import presenters
from coproduce.training.certificate import certificate_filename, certificate_pdf
from coproduce.training.models import Completion


@require_safe
@require_permission("training.view_own_training")
def my_training(request: HttpRequest) -> HttpResponse:
    """Everyone's one training page. A patient or carer in the pool has it among their own pages
    ("My training"), with their checks; /pool/me/training/ leads here."""
    bookings = list(presenters.current_bookings(request.user))
    context = {
        "page_title": "Your training",
        "rows": presenters.completion_rows(request.user),
        "bookings": [(b, presenters.waiting_position(b)) for b in bookings],
        "my_links": None,
        "checks": None,
    }
    # An installation's superuser holds every permission but may have no pool record.
    member = getattr(request.user, "pool_member", None)
    if member is not None and request.user.has_perm("pool.view_own_pages"):
        from coproduce.pool import presenters as pool_presenters
        from coproduce.pool.views.my_pages import my_links

        context.update(
            page_title="My training",
            my_links=my_links(request),
            checks=pool_presenters.checks(member),
        )
    return render(request, "training/my_training.jinja", context)


@require_safe
@require_permission("training.view_own_training")
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """Someone's certificate; other people's 404 unless you run training in the same trust."""
    completions = Completion.objects.select_related("course__organisation", "user", "session")
    if not request.user.has_perm("training.manage_courses"):
        completions = completions.filter(user=request.user)
    completion = get_object_or_404(
        completions.filter(course__organisation=request.user.organisation_id), pk=pk
    )
    check_permission(request, "training.view_certificate", completion)
    response = HttpResponse(certificate_pdf(completion), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate_filename(completion)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@require_permission("training.manage_courses")
def person_training(request: HttpRequest, user_pk: int) -> HttpResponse:
    """Someone's training record, for the involvement team (from a session's list of people)."""
    from coproduce.accounts.models import User

    person = get_object_or_404(
        User.objects.filter(organisation=request.user.organisation), pk=user_pk
    )
    return render(
        request,
        "training/person_training.jinja",
        {
            "page_title": f"Training: {person.full_name}",
            "person": person,
            "rows": presenters.completion_rows(person),
            "bookings": [
                (b, presenters.waiting_position(b)) for b in presenters.current_bookings(person)
            ],
        },
    )
