from django.urls import path

from coproduce.payments.views import batches, claim, claim_list, my_claims, policy, reports

app_name = "payments"

urlpatterns = [
    path("mine/", my_claims.my_claims, name="my-claims"),
    path("mine/activities/new/", my_claims.my_activity_new, name="my-activity-new"),
    path(
        "mine/activities/<int:activity_pk>/claim/",
        my_claims.my_claim_start,
        name="my-claim-start",
    ),
    path("claims/", claim_list.claim_list, name="claim-list"),
    path("activities/new/", claim_list.activity_new, name="activity-new"),
    path("claims/<int:pk>/", claim.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/expenses/new/", claim.expense_new, name="expense-new"),
    path(
        "claims/<int:pk>/expenses/<int:expense_pk>/remove/",
        claim.expense_remove,
        name="expense-remove",
    ),
    path(
        "claims/<int:pk>/expenses/<int:expense_pk>/receipt/",
        claim.receipt,
        name="receipt",
    ),
    path("finance/", batches.batch_list, name="batch-list"),
    path("finance/batches/new/", batches.batch_new, name="batch-new"),
    path("finance/batches/<int:pk>/", batches.batch_detail, name="batch-detail"),
    path("finance/batches/<int:pk>/export/", batches.batch_export, name="batch-export"),
    path(
        "finance/batches/<int:pk>/download.<str:file_format>",
        batches.batch_download,
        name="batch-download",
    ),
    path("finance/batches/<int:pk>/paid/", batches.batch_paid, name="batch-paid"),
    path("reports/", reports.spend, name="reports"),
    path("policy/", policy.policy_list, name="policy-list"),
    path("policy/new/", policy.policy_new, name="policy-new"),
    path("policy/<int:pk>/", policy.policy_detail, name="policy-detail"),
    path("policy/<int:pk>/change/", policy.policy_edit, name="policy-edit"),
    path(
        "policy/<int:pk>/rates/<int:rate_pk>/",
        policy.activity_rate_edit,
        name="activity-rate-edit",
    ),
    path(
        "policy/<int:pk>/expenses/<int:rate_pk>/",
        policy.expense_rate_edit,
        name="expense-rate-edit",
    ),
    path(
        "policy/<int:pk>/rates/new/",
        policy.activity_type_new,
        name="activity-type-new",
    ),
    path(
        "policy/<int:pk>/expenses/new/",
        policy.expense_rate_new,
        name="expense-rate-new",
    ),
    path("benefit-limits/new/", policy.benefit_limit_edit, name="benefit-limit-new"),
    path("benefit-limits/<int:pk>/", policy.benefit_limit_edit, name="benefit-limit-edit"),
]
