from django.urls import path

from storefront.operator.views import applications, commission, documents, home, orders, products, reports

app_name = "operator"

urlpatterns = [
    path("", home.home, name="home"),
    path("ho-so/", applications.queue, name="queue"),
    path("ho-so/<int:seller_id>/", applications.application, name="application"),
    path("nguoi-ban/", applications.seller_list, name="sellers"),
    path("san-pham/", products.product_list, name="products"),
    path("san-pham/<int:product_id>/", products.product_detail, name="product"),
    path("tai-lieu/<int:document_id>/", documents.document_file, name="document"),
    path("don-hang/", orders.order_list, name="orders"),
    path("don-hang/<uuid:order_id>/", orders.order_detail, name="order"),
]

# --- money reports ("Báo cáo"): commission, payout runs; each as CSV ----------------------
urlpatterns += [
    path("bao-cao/", reports.commission_report, name="reports"),
    path("bao-cao/hoa-hong.csv", reports.commission_csv, name="reports_csv"),
    path("bao-cao/chi-tra/", reports.payout_runs, name="payout_runs"),
    path("bao-cao/chi-tra.csv", reports.payout_runs_csv, name="payout_runs_csv"),
    path("bao-cao/chi-tra/<int:run_id>/", reports.payout_run, name="payout_run"),
    path("bao-cao/chi-tra/chay/", reports.run_payouts_now, name="run_payouts"),
    path("bao-cao/chi-tra/<int:run_id>.csv", reports.payout_run_csv, name="payout_run_csv"),
]

# --- commission rates (payments.ledger) ------------------------------------------------------
urlpatterns += [path("hoa-hong/", commission.commission, name="commission")]
