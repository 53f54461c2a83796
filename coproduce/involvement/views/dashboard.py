"""The measure: headline against target, SPC charts for the trust and each directorate, the
data beside each chart, and a CSV of the same figures. A fixed number of queries, however many
projects there are (it reads the monthly counts, not the projects)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from coproduce.accounts.decorators import require_permission
from coproduce.involvement import limits, measure, presenters
from coproduce.involvement.models import Annotation, Level
from coproduce.involvement.next_steps import next_step
from coproduce.lib.durations import describe_duration
from coproduce.lib.months import month_label
from coproduce.organisations.models import Directorate, Service


def _notes_by_directorate(organisation) -> dict:  # type: ignore[no-untyped-def]
    notes: dict = {}
    for note in Annotation.objects.filter(organisation=organisation):
        notes.setdefault(note.directorate_id, []).append(note)
    return notes


@require_safe
@require_permission("involvement.view_dashboard")
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    own = measure.ensure_current(organisation)
    notes = _notes_by_directorate(organisation)
    changes = limits.by_directorate(organisation)
    trust = presenters.measure_chart(
        f"Active projects with Big I involvement: {organisation}",
        measure.trust_series(organisation),
        own.target_percent,
        notes.get(None, []),
        changes.get(None, []),
        element_id="chart-trust",
    )
    directorates = {d.pk: d for d in Directorate.objects.filter(organisation=organisation)}
    by_directorate = measure.series_by(organisation, "directorate_id")
    directorate_charts = [
        (
            directorates[pk],
            presenters.measure_chart(
                f"Active projects with Big I involvement: {directorates[pk]}",
                figures,
                own.target_percent,
                notes.get(pk, []),
                changes.get(pk, []),
                element_id=f"chart-directorate-{pk}",
            ),
        )
        for pk, figures in sorted(by_directorate.items(), key=lambda i: directorates[i[0]].name)
        if pk in directorates
    ]
    support = None
    if request.user.has_perm("support.view_queue"):
        # Imported here: support is optional to the measure, and only the team sees it.
        from coproduce.support.services import first_contact_summary

        support = first_contact_summary(organisation)
    latest = trust.latest
    waiting = 0
    if latest is not None:
        waiting = latest.active - latest.big_i
    return render(
        request,
        "involvement/dashboard.jinja",
        {
            "page_title": "Involvement dashboard",
            "settings": own,
            "trust": trust,
            "latest": latest,
            "latest_month": presenters.figure_month(latest) if latest else None,
            "waiting": waiting,
            "directorate_charts": directorate_charts,
            "rule_explanation": presenters.rule_explanation(own.measure_rule),
            "support": support,
            "support_median": describe_duration(support.median) if support else None,
        },
    )


@require_safe
@require_permission("involvement.view_dashboard")
def directorate(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = request.user.organisation
    own = measure.ensure_current(organisation)
    chosen = get_object_or_404(Directorate.objects.filter(organisation=organisation), pk=pk)
    chart = presenters.measure_chart(
        f"Active projects with Big I involvement: {chosen}",
        measure.series_by(organisation, "directorate_id", directorate=chosen).get(chosen.pk, []),
        own.target_percent,
        presenters.annotations_for(organisation, chosen),
        limits.in_force(organisation, directorate=chosen),
        element_id="chart-directorate",
    )
    services = {s.pk: s for s in Service.objects.filter(directorate=chosen)}
    latest_day = chart.latest.month_end if chart.latest else measure.current_month_end()
    service_rows = []
    for pk_, figures in measure.series_by(
        organisation, "service_id", directorate=chosen, month_end=latest_day
    ).items():
        if pk_ in services and figures:
            service_rows.append((services[pk_], figures[-1]))
    service_rows.sort(key=lambda row: row[0].name)
    return render(
        request,
        "involvement/directorate.jinja",
        {
            "page_title": f"Involvement in {chosen}",
            "directorate": chosen,
            "settings": own,
            "chart": chart,
            "service_rows": service_rows,
            "latest_month": presenters.figure_month(chart.latest)
            if chart.latest
            else month_label(latest_day),
        },
    )


@require_safe
@require_permission("involvement.view_dashboard")
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    measure.ensure_current(organisation)
    directorates = {d.pk: d.name for d in Directorate.objects.filter(organisation=organisation)}
    services = {
        s.pk: s.name for s in Service.objects.filter(directorate__organisation=organisation)
    }
    series = [("trust", str(organisation), measure.trust_series(organisation))]
    for pk, figures in sorted(measure.series_by(organisation, "directorate_id").items()):
        series.append(("directorate", directorates.get(pk, ""), figures))
    for pk, figures in sorted(measure.series_by(organisation, "service_id").items()):
        series.append(("service", services.get(pk, ""), figures))
    response = HttpResponse(presenters.csv_text(series), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="involvement-measure.csv"'
    return response


@require_safe
@require_permission("involvement.view_dashboard")
def not_yet_meaningful(request: HttpRequest) -> HttpResponse:
    """Active projects without Big I this month, grouped by the first stage they lack."""
    organisation = request.user.organisation
    own = measure.ensure_current(organisation)
    day = measure.current_month_end()
    chosen = None
    directorate_id = request.GET.get("directorate", "")
    if directorate_id.isdigit():
        chosen = get_object_or_404(
            Directorate.objects.filter(organisation=organisation), pk=int(directorate_id)
        )
    rows = measure.not_yet_meaningful(organisation, day, chosen)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    items = [
        {
            "row": row,
            "missing": presenters.missing_names(row.missing_stages),
            "ask_url": presenters.match_request_url(row.project_id),
            "next": next_step(request.user, row.project, row.missing_stages),
            "level": Level(row.level).label,
        }
        for row in page
    ]
    return render(
        request,
        "involvement/not_yet_meaningful.jinja",
        {
            "page_title": "Projects without Big I involvement",
            "settings": own,
            "page": page,
            "items": items,
            "month": month_label(day) + presenters.SO_FAR,
            "directorate": chosen,
            "directorates": Directorate.objects.filter(organisation=organisation),
            "query": f"directorate={chosen.pk}" if chosen else "",
        },
    )
