from django.urls import path

from storefront.operator.views import applications, documents, home, orders, products

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
