from django.urls import path

from storefront.views import account, catalog

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
]
