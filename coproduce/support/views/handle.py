"""One support request: its details and history, and moving it along the queue."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coproduce.accounts.decorators import check_permission, require_permission
from coproduce.lib.durations import describe_duration
from coproduce.support import services
from coproduce.support.forms.handling import BookCallForm, ContactedForm, DoneForm, NoteForm
from coproduce.support.models import RequestStatus, SupportRequest

FORMS = {
    "contacted": ContactedForm,
    "book_call": BookCallForm,
    "done": DoneForm,
    "note": NoteForm,
}


@require_http_methods(["GET", "POST"])
@require_permission("support.view_queue")
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = get_object_or_404(
        SupportRequest.objects.filter(organisation=request.user.organisation).select_related(
            "project", "requester"
        ),
        pk=pk,
    )
    check_permission(request, "support.change_request", support_request)
    forms = {name: form_class(prefix=name) for name, form_class in FORMS.items()}
    failed = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in FORMS:
            messages.error(request, "Choose what you want to do with the request")
            return redirect("support:request-detail", pk=pk)
        form = FORMS[action](request.POST, prefix=action)
        forms[action] = form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "contacted":
                    services.mark_contacted(support_request, note=data["note"], by=request.user)
                    text = "Marked as contacted"
                elif action == "book_call":
                    services.book_call(
                        support_request,
                        call_at=data["call_at"],
                        video_link=data["video_link"],
                        note=data["note"],
                        by=request.user,
                    )
                    text = "The call is booked and the person has been emailed the details"
                elif action == "done":
                    services.close(
                        support_request,
                        outcome=data["outcome"],
                        follow_up=data["follow_up"],
                        follow_up_on=data["follow_up_on"],
                        by=request.user,
                    )
                    text = "The request is done"
                else:
                    services.add_note(support_request, text=data["text"], by=request.user)
                    text = "Your note has been added"
            except services.SupportError as error:
                form.add_error(None, str(error))
                failed = form
            else:
                messages.success(request, text)
                return redirect("support:request-detail", pk=pk)
        else:
            failed = form
    waited, still_waiting = services.time_to_first_contact(support_request)
    return render(
        request,
        "support/request_detail.jinja",
        {
            "page_title": f"Support request {support_request.reference}",
            "support_request": support_request,
            "forms": forms,
            "form": failed,
            "notes": support_request.notes.select_related("author"),
            "first_contact": describe_duration(waited),
            "still_waiting": still_waiting,
            "is_open": support_request.status != RequestStatus.DONE,
            "can_contact": support_request.status == RequestStatus.NEW,
        },
    )
