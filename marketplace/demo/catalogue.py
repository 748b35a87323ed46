"""The demo marketplace's fixed data: categories, product types, sellers and
demo accounts. Products are in ``marketplace.demo.products``.

Places are real rows of the 2025 map (34 provinces, 3,321 communes), named
here by province code and the commune's full name, and looked up in the
geography tables when loading; codes are never invented. Names of people and
businesses are made up.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from marketplace.product.models import OcopProductGroup
from marketplace.seller.models import SellerKind, SellerStatus

DEMO_PASSWORD = "demo-ocop-2025"  # noqa: S105 - local demo accounts, listed in README.md
# The two-level local government (34 provinces) took effect on this day; an
# OCOP decision taken before it was signed by the former province.
PROVINCE_MERGER_DATE = datetime.date(2025, 7, 1)
# The Ministry of Agriculture and Rural Development became the Ministry of
# Agriculture and Environment on this day; it signs five-star decisions.
MINISTRY_MERGER_DATE = datetime.date(2025, 3, 1)


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    name_en: str
    description: str
    description_en: str
    group: str
    colors: tuple[str, str]  # picture gradient, top to bottom
    parent: str | None = None


@dataclass(frozen=True)
class ProductTypeSpec:
    slug: str
    name: str
    group: str


@dataclass(frozen=True)
class SellerSpec:
    slug: str
    name: str
    kind: str
    province: str  # province code
    commune: str  # the commune's full name, e.g. "Xã Tân Cương"
    street_address: str
    description: str
    sku_prefix: str
    issuer: str  # the People's Committee that signs its OCOP decisions now
    former_issuer: str = ""  # ... and the one that signed them before 1 July 2025
    status: str = SellerStatus.APPROVED


@dataclass(frozen=True)
class AccountSpec:
    email: str
    first_name: str
    last_name: str
    role: str  # shown in the README table
    is_operator: bool = False
    owner_of: str | None = None  # seller slug


FOOD, BEVERAGE, HERBAL = OcopProductGroup.FOOD, OcopProductGroup.BEVERAGE, OcopProductGroup.HERBAL
HANDICRAFT, ORNAMENTAL = OcopProductGroup.HANDICRAFT, OcopProductGroup.ORNAMENTAL

CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "thuc-pham", "Thực phẩm", "Food",
        "Đặc sản ăn được của các vùng miền: nước mắm, hải sản, gạo, mật ong, hạt và gia vị.",
        "Edible specialities from every region: fish sauce, seafood, rice, honey, nuts and spices.",
        FOOD, ("#fdebc8", "#d08a3c"),
    ),
    CategorySpec(
        "nuoc-mam", "Nước mắm", "Fish sauce",
        "Nước mắm truyền thống ủ chượp từ cá cơm và muối biển.",
        "Traditional fish sauce fermented from anchovies and sea salt.",
        FOOD, ("#f8dfb0", "#b5651d"), "thuc-pham",
    ),
    CategorySpec(
        "cha-muc-hai-san", "Chả mực & hải sản", "Squid cakes & seafood",
        "Chả mực giã tay, hải sản khô và một nắng từ các làng biển.",
        "Hand-pounded squid cakes and dried seafood from fishing villages.",
        FOOD, ("#cfeaf6", "#2f7fb3"), "thuc-pham",
    ),
    CategorySpec(
        "gao", "Gạo", "Rice",
        "Gạo đặc sản của đồng bằng sông Cửu Long và các vùng lúa nổi tiếng.",
        "Speciality rice from the Mekong Delta and other famous rice-growing areas.",
        FOOD, ("#f8f4dc", "#c7b26b"), "thuc-pham",
    ),
    CategorySpec(
        "mat-ong", "Mật ong", "Honey",
        "Mật ong nguyên chất từ hoa rừng, hoa cà phê và hoa bạc hà.",
        "Pure honey from wild flowers, coffee blossom and mint flowers.",
        FOOD, ("#fff0b8", "#e09b1a"), "thuc-pham",
    ),
    CategorySpec(
        "hat-gia-vi", "Hạt & gia vị", "Nuts & spices",
        "Hạt điều, hồ tiêu và gia vị từ Tây Nguyên, Đông Nam Bộ và đảo Phú Quốc.",
        "Cashews, pepper and spices from the Central Highlands, the South-East and Phu Quoc island.",
        FOOD, ("#f3e3d3", "#8c5a3c"), "thuc-pham",
    ),
    CategorySpec(
        "dac-san-che-bien", "Đặc sản chế biến", "Prepared specialities",
        "Bánh, mứt, nem và đồ khô làm theo công thức truyền thống của từng địa phương.",
        "Cakes, preserves, fermented pork and dried meats made to each region's traditional recipes.",
        FOOD, ("#ffe0dc", "#c9485b"), "thuc-pham",
    ),
    CategorySpec(
        "do-uong", "Đồ uống", "Beverages",
        "Chè, cà phê và ca cao từ các vùng trồng nổi tiếng.",
        "Tea, coffee and cocoa from renowned growing areas.",
        BEVERAGE, ("#e3f3d6", "#55804a"),
    ),
    CategorySpec(
        "che", "Chè", "Tea",
        "Chè xanh Thái Nguyên, chè Shan tuyết cổ thụ và trà túi lọc.",
        "Thai Nguyen green tea, ancient Shan tuyet tea and tea bags.",
        BEVERAGE, ("#dcf2cc", "#4f8f3a"), "do-uong",
    ),
    CategorySpec(
        "ca-phe", "Cà phê & ca cao", "Coffee & cocoa",
        "Robusta Buôn Ma Thuột, Arabica Cầu Đất và ca cao Đắk Lắk.",
        "Buon Ma Thuot Robusta, Cau Dat Arabica and Dak Lak cocoa.",
        BEVERAGE, ("#efdccb", "#5b3a29"), "do-uong",
    ),
    CategorySpec(
        "duoc-lieu", "Dược liệu", "Herbal products",
        "Trà thảo dược, cao và dược liệu khô trồng dưới tán rừng.",
        "Herbal teas, extracts and dried medicinal plants grown under forest cover.",
        HERBAL, ("#f4f0d0", "#8a7a2a"),
    ),
    CategorySpec(
        "tra-thao-duoc", "Trà thảo dược", "Herbal teas",
        "Trà hoa vàng, trà atiso và các loại trà thảo mộc.",
        "Golden camellia tea, artichoke tea and other herbal infusions.",
        HERBAL, ("#fff4bf", "#c9a227"), "duoc-lieu",
    ),
    CategorySpec(
        "duoc-lieu-che-bien", "Dược liệu khô & cao", "Dried herbs & extracts",
        "Ba kích, cao atiso và các sản phẩm từ dược liệu.",
        "Morinda root, artichoke extract and other herbal products.",
        HERBAL, ("#ebe0d2", "#7a4e3a"), "duoc-lieu",
    ),
    CategorySpec(
        "thu-cong-my-nghe", "Thủ công mỹ nghệ", "Handicrafts",
        "Gốm sứ và đồ mây tre đan của các làng nghề truyền thống.",
        "Ceramics and rattan and bamboo ware from traditional craft villages.",
        HANDICRAFT, ("#f6ead6", "#a07648"),
    ),
    CategorySpec(
        "may-tre-dan", "Mây tre đan", "Rattan & bamboo",
        "Giỏ, khay, làn và đèn đan tay từ mây, tre.",
        "Hand-woven rattan and bamboo baskets, trays and lamps.",
        HANDICRAFT, ("#f8ecd2", "#a67c45"), "thu-cong-my-nghe",
    ),
    CategorySpec(
        "gom-su", "Gốm sứ", "Ceramics",
        "Gốm Bát Tràng men lam, men rạn, men tro.",
        "Bat Trang pottery in blue, crackle and ash glazes.",
        HANDICRAFT, ("#e2ecf8", "#345d9d"), "thu-cong-my-nghe",
    ),
    CategorySpec(
        "sinh-vat-canh", "Sinh vật cảnh", "Ornamental plants",
        "Hoa lan, bonsai và cây cảnh từ các nhà vườn.",
        "Orchids, bonsai and ornamental plants from nursery gardens.",
        ORNAMENTAL, ("#e4f2e0", "#3f7a4a"),
    ),
    CategorySpec(
        "hoa-lan", "Hoa lan", "Orchids",
        "Lan hồ điệp và địa lan trồng trong nhà màng Đà Lạt.",
        "Moth orchids and cymbidiums grown in Da Lat greenhouses.",
        ORNAMENTAL, ("#f8e6f6", "#a24ca0"), "sinh-vat-canh",
    ),
    CategorySpec(
        "bonsai-cay-canh", "Bonsai & cây cảnh", "Bonsai & potted trees",
        "Bonsai, mai vàng và cây kiểng Chợ Lách.",
        "Bonsai, yellow apricot blossom and potted trees from Cho Lach.",
        ORNAMENTAL, ("#e2f2dc", "#2f6b3a"), "sinh-vat-canh",
    ),
)

PRODUCT_TYPES: tuple[ProductTypeSpec, ...] = (
    ProductTypeSpec("thuc-pham", "Thực phẩm", FOOD),
    ProductTypeSpec("do-uong", "Đồ uống", BEVERAGE),
    ProductTypeSpec("duoc-lieu", "Dược liệu", HERBAL),
    ProductTypeSpec("thu-cong-my-nghe", "Thủ công mỹ nghệ", HANDICRAFT),
    ProductTypeSpec("sinh-vat-canh", "Sinh vật cảnh", ORNAMENTAL),
)

HOUSEHOLD, COOPERATIVE, ENTERPRISE = SellerKind.HOUSEHOLD, SellerKind.COOPERATIVE, SellerKind.ENTERPRISE

SELLERS: tuple[SellerSpec, ...] = (
    SellerSpec(
        "ho-san-xuat-che-thanh-tam", "Hộ sản xuất chè Nguyễn Thanh Tâm", HOUSEHOLD, "19", "Xã Tân Cương",
        "Xóm Nam Đồng", "Ba thế hệ trồng và sao chè trên đồi Tân Cương, hái tay, sao sục bằng chảo gang.",
        "TCG", "UBND tỉnh Thái Nguyên",
    ),
    SellerSpec(
        "htx-duoc-lieu-ba-che", "HTX Dược liệu Ba Chẽ", COOPERATIVE, "22", "Xã Ba Chẽ",
        "Thôn Pắc Chăn", "Hợp tác xã của 46 hộ người Dao trồng trà hoa vàng và ba kích dưới tán rừng đầu nguồn.",
        "BCH", "UBND tỉnh Quảng Ninh",
    ),
    SellerSpec(
        "cong-ty-thuc-pham-vinh-ha-long", "Công ty TNHH Thực phẩm Vịnh Hạ Long", ENTERPRISE, "22", "Phường Hồng Gai",
        "Số 18 phố Bến Đoan", "Chế biến chả mực giã tay và hải sản khô từ nguồn mực, tôm đánh bắt trong vịnh.",
        "VHL", "UBND tỉnh Quảng Ninh",
    ),
    SellerSpec(
        "htx-nuoc-mam-phuoc-hai", "HTX Nước mắm truyền thống Phước Hải", COOPERATIVE, "79", "Xã Phước Hải",
        "Ấp Hải Tân", "Làng nghề nước mắm hơn trăm năm tuổi bên bờ biển Phước Hải, ủ chượp trong thùng gỗ.",
        "PHI", "UBND Thành phố Hồ Chí Minh", "UBND tỉnh Bà Rịa - Vũng Tàu",
    ),
    SellerSpec(
        "cong-ty-ca-phe-hat-do", "Công ty TNHH Cà phê Hạt Đỏ Cao Nguyên", ENTERPRISE, "66", "Phường Buôn Ma Thuột",
        "Số 72 đường Phan Bội Châu", "Thu mua cà phê chín đỏ từ 120 nông hộ, tự sơ chế và rang tại Buôn Ma Thuột.",
        "HDO", "UBND tỉnh Đắk Lắk",
    ),
    SellerSpec(
        "htx-nong-nghiep-xuan-huong", "HTX Nông nghiệp Xuân Hương Đà Lạt", COOPERATIVE, "68",
        "Phường Xuân Hương - Đà Lạt",
        "Số 5 đường Hoàng Văn Thụ", "Các nhà vườn Đà Lạt trồng atiso, dâu tây, hồng, cà phê Arabica và hoa lan.",
        "XHD", "UBND tỉnh Lâm Đồng",
    ),
    SellerSpec(
        "dntn-nuoc-mam-ganh-dau", "Doanh nghiệp tư nhân Nước mắm Gành Dầu", ENTERPRISE, "91", "Đặc khu Phú Quốc",
        "Tổ 3, khu phố Gành Dầu", "Nhà thùng nước mắm Phú Quốc gia truyền, cá cơm ướp muối ngay trên ghe.",
        "GDU", "UBND tỉnh An Giang", "UBND tỉnh Kiên Giang",
    ),
    SellerSpec(
        "htx-lua-tom-my-xuyen", "HTX Nông nghiệp Lúa tôm Mỹ Xuyên", COOPERATIVE, "92", "Phường Mỹ Xuyên",
        "Ấp Hòa Lời", "Trồng lúa ST25 luân canh với nuôi tôm, làm bánh pía theo công thức người Hoa.",
        "MXU", "UBND thành phố Cần Thơ", "UBND tỉnh Sóc Trăng",
    ),
    SellerSpec(
        "xuong-gom-minh-hai", "Xưởng gốm Minh Hải Bát Tràng", HOUSEHOLD, "01", "Xã Bát Tràng",
        "Xóm 3, thôn Bát Tràng", "Gia đình làm gốm bốn đời, chuyên men lam vẽ tay, men rạn và men tro.",
        "BTG", "UBND thành phố Hà Nội",
    ),
    SellerSpec(
        "htx-may-tre-dan-phu-vinh", "HTX Mây tre đan Phú Vinh", COOPERATIVE, "01", "Xã Phú Nghĩa",
        "Thôn Phú Vinh", "Làng nghề mây tre đan trăm năm tuổi, nhận đơn đặt hàng giỏ quà, khay, đèn.",
        "PVN", "UBND thành phố Hà Nội",
    ),
    SellerSpec(
        "htx-dieu-bu-dang", "HTX Điều Bù Đăng", COOPERATIVE, "75", "Xã Bù Đăng",
        "Thôn 4", "Vùng điều hữu cơ của đồng bào S'tiêng, rang củi và đóng gói ngay tại xưởng hợp tác xã.",
        "BDG", "UBND tỉnh Đồng Nai", "UBND tỉnh Bình Phước",
    ),
    SellerSpec(
        "vuon-kieng-sau-nho", "Vườn kiểng Sáu Nhỏ Chợ Lách", HOUSEHOLD, "86", "Xã Chợ Lách",
        "Ấp Phú Hội", "Nhà vườn kiểng ba đời ở Chợ Lách, chuyên bonsai, mai chiếu thủy và mai vàng ghép.",
        "CLK", "UBND tỉnh Vĩnh Long", "UBND tỉnh Bến Tre",
    ),
    SellerSpec(
        "htx-mat-ong-dong-van", "HTX Mật ong bạc hà Đồng Văn", COOPERATIVE, "08", "Xã Đồng Văn",
        "Thôn Sảng Pả", "Đàn ong nội của đồng bào Mông trên cao nguyên đá, quay mật mỗi mùa hoa bạc hà.",
        "DVN", "UBND tỉnh Tuyên Quang", "UBND tỉnh Hà Giang",
    ),
    SellerSpec(
        "cong-ty-dac-san-hac-thanh", "Công ty CP Đặc sản Hạc Thành", ENTERPRISE, "38", "Phường Hạc Thành",
        "Số 9 đường Lê Hoàn", "Nem chua, bánh gai và nước mắm xứ Thanh, sản xuất theo chuỗi có kiểm soát.",
        "HTH", "UBND tỉnh Thanh Hóa",
    ),
    # Waiting in the operator's review queue: no products yet.
    SellerSpec(
        "htx-nong-san-tri-ton", "HTX Nông sản Tri Tôn", COOPERATIVE, "91", "Xã Tri Tôn",
        "Ấp Tô Thủy", "Đường thốt nốt và gạo nàng Nhen của đồng bào Khmer vùng Bảy Núi.",
        "TTN", "UBND tỉnh An Giang", status=SellerStatus.SUBMITTED,
    ),
)

ACCOUNTS: tuple[AccountSpec, ...] = (
    AccountSpec("operator@cho-ocop.local", "Lan", "Trần Thị", "Ban quản lý sàn (operator, admin)", is_operator=True),
    AccountSpec(
        "farmer@cho-ocop.local", "Tâm", "Nguyễn Thanh", "Chủ hộ sản xuất (farmer household owner)",
        owner_of="ho-san-xuat-che-thanh-tam",
    ),
    AccountSpec(
        "coop@cho-ocop.local", "Hoa", "Triệu Thị", "Chủ nhiệm hợp tác xã (cooperative owner)",
        owner_of="htx-duoc-lieu-ba-che",
    ),
    AccountSpec("shopper@cho-ocop.local", "Minh", "Phạm Ngọc", "Khách mua hàng (shopper)"),
)
