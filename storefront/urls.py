from django.urls import path

from storefront.views import account, addresses, cart, catalog, checkout, orders

app_name = "storefront"

urlpatterns = [
    path("", catalog.home, name="home"),
    path("danh-muc/<slug:slug>/", catalog.category_detail, name="category"),
    path("san-pham/<slug:slug>/", catalog.product_detail, name="product"),
    path("nguoi-ban/<slug:slug>/", catalog.seller_detail, name="seller"),
    path("tim-kiem/", catalog.search, name="search"),
    path("dang-ky/", account.sign_up, name="signup"),
    path("dang-nhap/", account.SignInView.as_view(), name="login"),
    path("dang-xuat/", account.SignOutView.as_view(), name="logout"),
    # cart, checkout, orders, address book (issue #7)
    path("gio-hang/", cart.cart, name="cart"),
    path("gio-hang/them/", cart.cart_add, name="cart_add"),
    path("gio-hang/cap-nhat/", cart.cart_update, name="cart_update"),
    path("dat-hang/", checkout.checkout_address, name="checkout"),
    path("dat-hang/giao-hang/", checkout.checkout_delivery, name="checkout_delivery"),
    path("don-hang/<str:token>/", orders.order_by_token, name="order_by_token"),
    path("don-hang/<str:token>/huy/", orders.order_cancel, name="order_cancel"),
    path("tai-khoan/don-hang/", orders.order_list, name="orders"),
    path("tai-khoan/don-hang/<uuid:order_id>/", orders.order_detail_page, name="order_detail"),
    path("tai-khoan/dia-chi/", addresses.address_list, name="addresses"),
    path("tai-khoan/dia-chi/moi/", addresses.address_create, name="address_create"),
    path("tai-khoan/dia-chi/<int:address_id>/", addresses.address_edit, name="address_edit"),
    path("tai-khoan/dia-chi/<int:address_id>/xoa/", addresses.address_delete, name="address_delete"),
    path("tai-khoan/dia-chi/<int:address_id>/mac-dinh/", addresses.address_set_default, name="address_default"),
    path("dia-chi/xa-phuong/", addresses.communes, name="communes"),
]
