from django.urls import path

from coproduce.matching.views import opportunities, suggestions

app_name = "matching"

urlpatterns = [
    path("", opportunities.opportunity_list, name="opportunity-list"),
    path("new/", opportunities.opportunity_new, name="opportunity-new"),
    path("<int:pk>/", opportunities.opportunity_detail, name="opportunity-detail"),
    path("<int:pk>/edit/", opportunities.opportunity_edit, name="opportunity-edit"),
    path("<int:pk>/open-or-close/", opportunities.opportunity_close, name="opportunity-close"),
    path("<int:pk>/suggestions/", suggestions.suggestions, name="suggestions"),
    path("<int:pk>/invite-someone-else/", suggestions.invite_someone_else, name="invite-other"),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/withdraw/",
        suggestions.withdraw,
        name="invitation-withdraw",
    ),
]
