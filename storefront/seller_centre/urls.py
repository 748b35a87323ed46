"""The seller centre at /kenh-nguoi-ban/: Vietnamese paths, mobile-first pages."""

from django.urls import path

from storefront.seller_centre.views import (
    certificates,
    documents,
    imports,
    onboarding,
    orders,
    payout_account,
    photos,
    products,
    statements,
    team,
    trace_stamps,
    variants,
)
from storefront.seller_centre.views import traceability as trace

app_name = "seller_centre"

urlpatterns = [
    path("", onboarding.dashboard, name="dashboard"),
    path("dang-ky/", onboarding.sign_up, name="signup"),
    path("chon-co-so/", onboarding.switch_seller, name="switch"),
    path("ho-so/", onboarding.profile, name="profile"),
    path("xa-phuong/", onboarding.communes, name="communes"),
    path("gui-ho-so/", onboarding.submit, name="submit"),
    path("giay-to/", documents.documents, name="documents"),
    path("tai-lieu/<int:document_id>/", documents.document_file, name="document"),
    path("nhom/", team.team, name="team"),
    path("nhom/loi-moi/<int:invitation_id>/thu-hoi/", team.revoke_invitation, name="revoke_invitation"),
    path("nhom/thanh-vien/<int:user_id>/xoa/", team.remove_member, name="remove_member"),
    path("loi-moi/<str:token>/", team.invitation, name="invitation"),
    path("thanh-vien-san-xuat/", team.producers, name="producers"),
    path("thanh-vien-san-xuat/<int:producer_id>/xoa/", team.remove_producer, name="remove_producer"),
    path("san-pham/", products.product_list, name="products"),
    path("san-pham/moi/", products.product_create, name="product_create"),
    path("san-pham/nhap/", imports.product_import, name="product_import"),
    path("san-pham/nhap/mau.csv", imports.import_template, name="product_import_template"),
    path("san-pham/<int:product_id>/", products.product_edit, name="product_edit"),
    path("san-pham/<int:product_id>/dang-ban/", products.product_publish, name="product_publish"),
    path("san-pham/<int:product_id>/xoa/", products.product_delete, name="product_delete"),
    path("san-pham/<int:product_id>/anh/", photos.photos_add, name="product_photos"),
    path("san-pham/<int:product_id>/chung-nhan-ocop/", certificates.product_certificate, name="product_certificate"),
    path("san-pham/<int:product_id>/phan-loai/moi/", variants.variant_create, name="variant_create"),
    path("anh/<int:media_id>/", photos.photo_action, name="photo_action"),
    path("phan-loai/<int:variant_id>/", variants.variant_edit, name="variant_edit"),
    path("phan-loai/<int:variant_id>/xoa/", variants.variant_delete, name="variant_delete"),
    path("kho/", variants.warehouses, name="warehouses"),
]

# --- traceability ("Truy xuất"): batches, events, stamps, labels -------------------
urlpatterns += [
    path("truy-xuat/", trace.batch_list, name="trace_batches"),
    path("truy-xuat/lo-moi/", trace.batch_create, name="trace_batch_create"),
    path("truy-xuat/lo/<int:batch_id>/", trace.batch_detail, name="trace_batch"),
    path("truy-xuat/lo/<int:batch_id>/su-kien/", trace.record_event, name="trace_event"),
    path("truy-xuat/lo/<int:batch_id>/ma-gtin/", trace.set_gtin, name="trace_gtin"),
    path("truy-xuat/lo/<int:batch_id>/thu-hoi/", trace.recall, name="trace_recall"),
    path("truy-xuat/lo/<int:batch_id>/epcis.jsonld", trace.export_epcis, name="trace_epcis"),
    path("truy-xuat/lo/<int:batch_id>/tao-tem/", trace_stamps.request_stamps, name="trace_stamps_request"),
    path("truy-xuat/dot-tem/<int:job_id>/", trace_stamps.job_detail, name="trace_job"),
    path("truy-xuat/dot-tem/<int:job_id>/tien-do/", trace_stamps.job_progress_json, name="trace_job_progress"),
    path("truy-xuat/dot-tem/<int:job_id>/in/", trace_stamps.print_labels, name="trace_print"),
    path("truy-xuat/dot-tem/<int:job_id>/kich-hoat/", trace_stamps.activate, name="trace_activate"),
    path("truy-xuat/dot-tem/<int:job_id>/huy-tem/", trace_stamps.void, name="trace_void"),
]

# --- orders ("Đơn hàng"): the seller's sub-orders, each step, the packing slip ---------
urlpatterns += [
    path("don-hang/", orders.order_list, name="orders"),
    path("don-hang/<int:pk>/", orders.order_detail, name="order"),
    path("don-hang/<int:pk>/phieu-dong-goi.pdf", orders.packing_slip, name="packing_slip"),
]

# --- balance and statement ("Số dư"): what the marketplace owes the seller ------------
urlpatterns += [
    path("so-du/", statements.statement, name="statements"),
    path("so-du/but-toan/<int:entry_id>/", statements.entry_detail, name="statement_entry"),
    path("tai-khoan-nhan-tien/", payout_account.payout_account, name="payout_account"),
]
