"""Public addresses of 依申请公开: the request form, receipt, status look-up and paper form."""

from django.urls import path

from gongkai.requests import public_views as views

app_name = "foi"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/receipt/", views.receipt, name="receipt"),
    path("apply/receipt.pdf", views.receipt_pdf, name="receipt-pdf"),
    path("apply/status/", views.status, name="status"),
    path("u/<str:unit>/apply/", views.unit_apply, name="unit-apply"),
    path("u/<str:unit>/apply/form.docx", views.paper_form, {"kind": "docx"}, name="form-docx"),
    path("u/<str:unit>/apply/form.pdf", views.paper_form, {"kind": "pdf"}, name="form-pdf"),
]
