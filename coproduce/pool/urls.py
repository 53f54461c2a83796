from django.urls import path
from django.views.generic import RedirectView

from coproduce.pool.views import consent, join, members, my_pages, my_project, options

app_name = "pool"

urlpatterns = [
    path("join/", join.join, name="join"),
    path("join/thank-you/", join.join_done, name="join-done"),
    path("consent/<str:token>/", consent.confirm_consent, name="confirm-consent"),
    path("", members.member_list, name="list"),
    path("checks/", members.checks_running_out, name="checks"),
    path("<int:pk>/", members.member_detail, name="member-detail"),
    path("<int:pk>/status/", members.member_status, name="member-status"),
    path("<int:pk>/consent/", consent.member_consent, name="member-consent"),
    path("<int:pk>/edit/", members.member_edit, name="member-edit"),
    path("<int:pk>/checks/new/", members.check_new, name="check-new"),
    path("<int:pk>/checks/<int:check_pk>/", members.check_change, name="check-change"),
    path("<int:pk>/checks/<int:check_pk>/remove/", members.check_remove, name="check-remove"),
    path("<int:pk>/delete/", members.member_delete, name="member-delete"),
    path("lists/", options.options, name="options"),
    path("me/", my_pages.my_involvement, name="my-involvement"),
    path("me/invitations/<int:pk>/", my_pages.my_invitation, name="my-invitation"),
    path("me/projects/", my_pages.my_projects, name="my-projects"),
    path("me/projects/<int:pk>/", my_project.my_project, name="my-project"),
    # One training page for everyone (with a member's checks): the old address leads there.
    path(
        "me/training/",
        RedirectView.as_view(pattern_name="training:my-training", permanent=True),
        name="my-training",
    ),
    path("me/details/", my_pages.my_details, name="my-details"),
    path("me/data/", my_pages.my_data, name="my-data"),
    path("me/data/download.<str:file_format>", my_pages.my_data_download, name="my-data-download"),
    path("me/data/delete/", my_pages.my_data_delete, name="my-data-delete"),
]
