"""The demo catalogue's sixty products, in Vietnamese with English translations.

Prices are whole đồng, close to what such products sell for in 2026. A few
products show the shop's rules: a two-star rating, an expired and a revoked
certificate (no OCOP badge), a draft and two listings scheduled for Tết.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pack:
    """One variant: how the product is packed and what it costs."""

    name: str
    name_en: str
    grams: int
    price: int


@dataclass(frozen=True)
class ProductSpec:
    slug: str
    seller: str
    category: str
    name: str
    name_en: str
    description: str
    description_en: str
    packs: tuple[Pack, ...]
    stars: int
    shape: str
    color: str
    origin: str | None = None  # commune in the seller's province, when not the seller's own
    certificate: str = "valid"  # valid | expired | revoked
    listing: str = "published"  # published | scheduled | draft


P = Pack
TAM, BA_CHE, HA_LONG, PHUOC_HAI = (
    "ho-san-xuat-che-thanh-tam", "htx-duoc-lieu-ba-che", "cong-ty-thuc-pham-vinh-ha-long", "htx-nuoc-mam-phuoc-hai"
)
HAT_DO, XUAN_HUONG, GANH_DAU, MY_XUYEN = (
    "cong-ty-ca-phe-hat-do", "htx-nong-nghiep-xuan-huong", "dntn-nuoc-mam-ganh-dau", "htx-lua-tom-my-xuyen"
)
MINH_HAI, PHU_VINH, BU_DANG, SAU_NHO, DONG_VAN, HAC_THANH = (
    "xuong-gom-minh-hai", "htx-may-tre-dan-phu-vinh", "htx-dieu-bu-dang", "vuon-kieng-sau-nho",
    "htx-mat-ong-dong-van", "cong-ty-dac-san-hac-thanh",
)

PRODUCTS: tuple[ProductSpec, ...] = (
    # --- Thái Nguyên: tea from Tân Cương -----------------------------------
    ProductSpec(
        "che-bup-tan-cuong-dac-biet", TAM, "che", "Chè búp Tân Cương đặc biệt", "Tan Cuong special bud tea",
        "Búp chè một tôm hai lá hái tay lúc sáng sớm trên đồi Tân Cương, sao sục trong chảo gang theo cách "
        "truyền thống. Nước xanh vàng sánh, hương cốm non, vị chát dịu rồi ngọt hậu sâu.",
        "One bud and two leaves, hand-picked in the early morning on the Tan Cuong hills and pan-roasted in "
        "cast-iron woks the traditional way. Bright yellow-green liquor, a young-rice aroma, gentle "
        "astringency and a long sweet finish.",
        (P("Gói 100 g", "100 g pack", 100, 95_000), P("Hộp 200 g", "200 g box", 200, 185_000),
         P("Hộp thiếc 500 g", "500 g tin", 500, 450_000)),
        4, "leaf", "#4f8f3a",
    ),
    ProductSpec(
        "che-non-tom-tan-cuong", TAM, "che", "Chè nõn tôm Tân Cương", "Tan Cuong tender tip tea",
        "Chỉ lấy phần tôm non nhất của búp chè, cánh nhỏ xoăn đều, phủ lớp lông tuyết trắng. Mỗi cân chè "
        "thành phẩm cần gần năm cân búp tươi.",
        "Only the youngest tip of each shoot is picked; the leaves roll small and even under a coat of fine "
        "white down. Almost five kilograms of fresh shoots go into each kilogram of finished tea.",
        (P("Hộp 100 g", "100 g box", 100, 280_000), P("Hộp 250 g", "250 g box", 250, 650_000)),
        5, "leaf", "#3d7a2c",
    ),
    ProductSpec(
        "che-moc-cau-tan-cuong", TAM, "che", "Chè móc câu Tân Cương", "Tan Cuong hook-leaf green tea",
        "Cánh chè cong như lưỡi câu, màu xanh đen, pha được nhiều nước. Loại chè quen thuộc của các gia đình "
        "Bắc Bộ để tiếp khách hằng ngày.",
        "Leaves curled like fishing hooks, dark green, good for several infusions. The everyday tea that "
        "northern families pour for their guests.",
        (P("Gói 200 g", "200 g pack", 200, 120_000), P("Gói 500 g", "500 g pack", 500, 280_000)),
        3, "bag", "#5f9a45",
    ),
    ProductSpec(
        "tra-xanh-tui-loc-tan-cuong", TAM, "che", "Trà xanh túi lọc Tân Cương", "Tan Cuong green tea bags",
        "25 túi lọc 2 g chè xanh nghiền từ búp Tân Cương, tiện pha nhanh ở văn phòng: nhúng 2–3 phút trong "
        "nước 80 °C.",
        "25 bags of 2 g ground Tan Cuong green tea, handy at the office: steep for 2–3 minutes in water at "
        "80 °C.",
        (P("Hộp 25 túi", "Box of 25 bags", 60, 45_000), P("Hộp 50 túi", "Box of 50 bags", 110, 85_000)),
        2, "box", "#6aa84f",
    ),
    # --- Quảng Ninh: herbs from Ba Chẽ --------------------------------------
    ProductSpec(
        "tra-hoa-vang-ba-che-say-lanh", BA_CHE, "tra-thao-duoc", "Trà hoa vàng Ba Chẽ sấy lạnh",
        "Ba Che golden camellia tea, freeze-dried",
        "Bông trà hoa vàng (Camellia chrysantha) hái khi vừa nở, sấy lạnh giữ nguyên màu vàng óng. Nước trà "
        "vàng trong, vị ngọt thanh, hậu hơi chát.",
        "Golden camellia flowers (Camellia chrysantha) picked just as they open and freeze-dried to keep "
        "their gold colour. A clear golden infusion, lightly sweet with a faint astringent finish.",
        (P("Hộp 20 bông", "Box of 20 flowers", 30, 350_000), P("Hộp 50 bông", "Box of 50 flowers", 75, 820_000)),
        4, "blossom", "#f2b705",
    ),
    ProductSpec(
        "tra-hoa-vang-tui-loc", BA_CHE, "tra-thao-duoc", "Trà hoa vàng túi lọc", "Golden camellia tea bags",
        "Lá và nụ trà hoa vàng sấy khô, nghiền vừa, đóng 30 túi lọc. Pha tiện lợi, hợp dùng hằng ngày.",
        "Dried golden camellia leaves and buds, coarsely ground and packed in 30 tea bags. Quick to brew, "
        "made for every day.",
        (P("Hộp 30 túi", "Box of 30 bags", 90, 160_000),),
        3, "box", "#d9a400",
    ),
    ProductSpec(
        "ba-kich-tim-ba-che", BA_CHE, "duoc-lieu-che-bien", "Ba kích tím Ba Chẽ khô",
        "Ba Che dried purple morinda root",
        "Rễ ba kích tím trồng dưới tán rừng từ ba năm trở lên, rút lõi, phơi khô. Dùng ngâm hoặc sắc uống "
        "theo hướng dẫn của thầy thuốc.",
        "Purple morinda (Morinda officinalis) roots grown under forest cover for at least three years, cored "
        "and sun-dried. Steep or decoct as advised by a herbal practitioner.",
        (P("Túi 500 g", "500 g bag", 500, 450_000), P("Túi 1 kg", "1 kg bag", 1000, 850_000)),
        4, "root", "#7b3f61",
    ),
    ProductSpec(
        "mat-ong-rung-ba-che", BA_CHE, "mat-ong", "Mật ong rừng Ba Chẽ", "Ba Che wild forest honey",
        "Mật ong khai thác từ đàn ong nội nuôi ven rừng đầu nguồn, màu hổ phách, thơm mùi hoa rừng, không "
        "pha đường.",
        "Honey from native bees kept at the edge of the headwater forest: amber-coloured, scented with wild "
        "flowers, no added sugar.",
        (P("Chai 500 ml", "500 ml bottle", 700, 320_000), P("Chai 1 lít", "1 litre bottle", 1400, 600_000)),
        3, "bottle", "#c9780e",
    ),
    ProductSpec(
        "ba-kich-ngam-mat-ong", BA_CHE, "duoc-lieu-che-bien", "Ba kích ngâm mật ong", "Morinda root in honey",
        "Ba kích tím rút lõi ngâm mật ong rừng trong hũ thủy tinh, ăn trực tiếp hoặc pha với nước ấm.",
        "Cored purple morinda root steeped in wild honey in a glass jar; eat it as it is or stir into warm "
        "water.",
        (P("Hũ 500 g", "500 g jar", 750, 380_000),),
        3, "jar", "#b8651a", origin="Xã Tiên Yên",
    ),
    # --- Quảng Ninh: Hạ Long squid cakes and dried seafood -------------------
    ProductSpec(
        "cha-muc-gia-tay-ha-long", HA_LONG, "cha-muc-hai-san", "Chả mực giã tay Hạ Long",
        "Ha Long hand-pounded squid cakes",
        "Mực ống tươi đánh bắt trong vịnh, giã tay bằng cối đá đến khi dẻo quánh, nặn miếng và chiên vàng "
        "ngay trong ngày. Miếng chả giòn sần sật, ngọt vị mực, không hàn the.",
        "Fresh squid from the bay, pounded by hand in a stone mortar until springy, shaped and fried golden "
        "the same day. Bouncy and sweet with squid, and no borax.",
        (P("Hộp 500 g", "500 g box", 500, 230_000), P("Hộp 1 kg", "1 kg box", 1000, 450_000)),
        4, "cake", "#e0a13a",
    ),
    ProductSpec(
        "cha-muc-song-ha-long", HA_LONG, "cha-muc-hai-san", "Chả mực sống Hạ Long", "Ha Long raw squid paste",
        "Chả mực giã sẵn, chưa chiên, cấp đông nhanh; về nhà chỉ cần nặn miếng rồi chiên hoặc thả lẩu.",
        "Squid paste pounded and quick-frozen before frying: shape it at home, then fry it or drop it into "
        "a hotpot.",
        (P("Hộp 500 g", "500 g box", 500, 210_000),),
        3, "box", "#5aa0c8",
    ),
    ProductSpec(
        "sa-sung-kho-van-don", HA_LONG, "cha-muc-hai-san", "Sá sùng khô Vân Đồn", "Van Don dried peanut worms",
        "Sá sùng đào trên bãi triều Vân Đồn, lộn ruột, rửa sạch cát rồi phơi khô. Nướng thơm làm món nhắm "
        "hoặc ninh nước dùng phở cho vị ngọt đậm.",
        "Peanut worms dug from the Van Don tidal flats, turned, washed free of sand and dried. Toast them as "
        "a snack or simmer them into pho broth for a deep, sweet stock.",
        (P("Túi 100 g", "100 g bag", 100, 480_000), P("Hộp 200 g", "200 g box", 200, 950_000)),
        4, "bag", "#a8743a", origin="Đặc khu Vân Đồn",
    ),
    ProductSpec(
        "tom-he-kho-quang-yen", HA_LONG, "cha-muc-hai-san", "Tôm he khô Quảng Yên", "Quang Yen dried prawns",
        "Tôm he biển luộc nước muối loãng rồi sấy, thịt đỏ au, chắc và ngọt. Dùng nấu canh, xào hoặc ăn kèm "
        "dưa góp.",
        "Sea prawns boiled in light brine and dried: deep red, firm and sweet. For soups, stir-fries or "
        "with pickled vegetables.",
        (P("Túi 250 g", "250 g bag", 250, 380_000), P("Túi 500 g", "500 g bag", 500, 740_000)),
        3, "bag", "#d8553a", origin="Phường Quảng Yên",
    ),
    # --- Hồ Chí Minh City (former Bà Rịa – Vũng Tàu): Phước Hải fish sauce ---
    ProductSpec(
        "nuoc-mam-ca-com-phuoc-hai-40-dam", PHUOC_HAI, "nuoc-mam", "Nước mắm cá cơm Phước Hải 40 độ đạm",
        "Phuoc Hai anchovy fish sauce, 40°N",
        "Cá cơm than tươi ướp muối theo tỉ lệ ba cá một muối, ủ chượp 12 tháng trong thùng gỗ bời lời rồi "
        "kéo rút. Màu cánh gián, thơm dịu, mặn đầu lưỡi rồi ngọt hậu.",
        "Fresh black anchovies salted three to one, fermented for 12 months in wooden barrels, then drawn "
        "off. Amber-brown with a mellow aroma: salty at first, sweet on the finish.",
        (P("Chai 500 ml", "500 ml bottle", 750, 95_000), P("Can 2 lít", "2 litre can", 2300, 340_000)),
        4, "bottle", "#9c4a1a",
    ),
    ProductSpec(
        "nuoc-mam-nhi-phuoc-hai-45-dam", PHUOC_HAI, "nuoc-mam", "Nước mắm nhĩ Phước Hải 45 độ đạm",
        "Phuoc Hai first-press fish sauce, 45°N",
        "Những giọt mắm nhĩ đầu tiên nhỏ ra từ thùng chượp, mỗi thùng chỉ lấy được vài chục lít. Dùng chấm "
        "nguyên chất để cảm nhận trọn vị ngọt của cá.",
        "The first drops to run from the fermenting barrel; each barrel gives only a few dozen litres. Use "
        "it neat as a dip to taste the full sweetness of the fish.",
        (P("Chai thủy tinh 250 ml", "250 ml glass bottle", 450, 145_000),
         P("Hộp quà 2 chai 250 ml", "Gift box, 2 × 250 ml", 1000, 310_000)),
        5, "bottle", "#7a2e12",
    ),
    ProductSpec(
        "nuoc-mam-phuoc-hai-30-dam", PHUOC_HAI, "nuoc-mam", "Nước mắm Phước Hải 30 độ đạm",
        "Phuoc Hai everyday fish sauce, 30°N",
        "Nước mắm truyền thống cho bữa cơm hằng ngày: kho, xào, pha nước chấm đều ngon, không chất bảo quản.",
        "Traditional fish sauce for everyday cooking: braises, stir-fries and dipping sauces, with no "
        "preservatives.",
        (P("Chai 1 lít", "1 litre bottle", 1300, 85_000), P("Can 5 lít", "5 litre can", 5600, 390_000)),
        3, "bottle", "#b0602a",
    ),
    ProductSpec(
        "muc-mot-nang-phuoc-hai", PHUOC_HAI, "cha-muc-hai-san", "Mực một nắng Phước Hải",
        "Phuoc Hai once-sun-dried squid",
        "Mực ống câu đêm, làm sạch và phơi đúng một nắng trên giàn tre rồi cấp đông ngay. Nướng than hồng, "
        "chấm tương ớt.",
        "Squid caught on night lines, cleaned and dried for a single day in the sun on bamboo racks, then "
        "frozen at once. Grill over embers and dip in chilli sauce.",
        (P("Túi 500 g", "500 g bag", 500, 420_000), P("Túi 1 kg", "1 kg bag", 1000, 820_000)),
        3, "squid", "#f0c8a8",
    ),
    # --- Đắk Lắk: coffee, honey, pepper, cocoa -------------------------------
    ProductSpec(
        "ca-phe-robusta-rang-moc", HAT_DO, "ca-phe", "Cà phê Robusta Buôn Ma Thuột rang mộc",
        "Buon Ma Thuot Robusta, plain roast",
        "Hạt Robusta chín đỏ hái tay, sơ chế ướt, rang mộc không tẩm bơ hay hương liệu. Đậm, đắng rõ, hậu "
        "vị sô-cô-la; hợp pha phin.",
        "Hand-picked ripe Robusta cherries, wet-processed and roasted plain with no butter or flavouring. "
        "Full-bodied and clearly bitter with a chocolate finish; made for the phin filter.",
        (P("Gói 250 g", "250 g pack", 250, 85_000), P("Gói 500 g", "500 g pack", 500, 160_000),
         P("Túi 1 kg", "1 kg bag", 1000, 300_000)),
        4, "bag", "#5b3a29",
    ),
    ProductSpec(
        "ca-phe-robusta-so-che-honey", HAT_DO, "ca-phe", "Cà phê Robusta sơ chế honey", "Honey-processed Robusta",
        "Quả cà phê xát vỏ nhưng giữ lại lớp nhớt đường rồi phơi trên giàn cao, cho vị ngọt trái cây và độ "
        "chua nhẹ hiếm có ở Robusta.",
        "Cherries are pulped but keep their sticky mucilage while they dry on raised beds, giving a fruity "
        "sweetness and a gentle acidity rare in Robusta.",
        (P("Gói 250 g", "250 g pack", 250, 120_000), P("Gói 500 g", "500 g pack", 500, 230_000)),
        4, "bag", "#8a4b2a",
    ),
    ProductSpec(
        "ca-phe-phin-giay-buon-ma-thuot", HAT_DO, "ca-phe", "Cà phê phin giấy Buôn Ma Thuột",
        "Buon Ma Thuot drip-bag coffee",
        "Mỗi túi phin giấy 12 g: mở túi, treo lên cốc và rót nước sôi — tiện mang đi công tác, du lịch.",
        "Each drip bag holds 12 g: open it, hang it on a cup and pour over boiling water — handy for work "
        "trips and travel.",
        (P("Hộp 10 túi", "Box of 10 bags", 150, 75_000), P("Hộp 30 túi", "Box of 30 bags", 420, 210_000)),
        3, "cup", "#6b4330",
    ),
    ProductSpec(
        "mat-ong-hoa-ca-phe-dak-lak", HAT_DO, "mat-ong", "Mật ong hoa cà phê Đắk Lắk", "Dak Lak coffee blossom honey",
        "Ong hút mật vào mùa hoa cà phê trắng đồi tháng Hai, tháng Ba. Mật vàng nhạt, thơm hương hoa, có vị "
        "đắng nhẹ cuối lưỡi.",
        "Gathered while the coffee blossom whitens the hills in February and March. Pale gold, floral, with "
        "a faint bitterness at the end.",
        (P("Chai 500 ml", "500 ml bottle", 700, 180_000), P("Chai 1 lít", "1 litre bottle", 1400, 340_000)),
        4, "jar", "#e0a020", origin="Xã Buôn Đôn",
    ),
    ProductSpec(
        "ho-tieu-den-cu-mgar", HAT_DO, "hat-gia-vi", "Hồ tiêu đen Cư M’gar", "Cu M'gar black pepper",
        "Tiêu chín đều trên trụ sống, phơi nắng đến khi vỏ đen nhăn; hạt chắc, cay nồng và thơm.",
        "Pepper ripened evenly on living support trees and sun-dried until the skins turn black and "
        "wrinkled: dense corns, hot and fragrant.",
        (P("Hũ 100 g", "100 g jar", 180, 55_000), P("Túi 500 g", "500 g bag", 500, 190_000)),
        3, "jar", "#3b3028", origin="Xã Cư M’gar",
    ),
    ProductSpec(
        "bot-ca-cao-dak-lak", HAT_DO, "ca-phe", "Bột ca cao nguyên chất Đắk Lắk", "Dak Lak pure cocoa powder",
        "Hạt ca cao lên men sáu ngày, phơi, rang rồi ép bớt bơ và xay mịn. Không đường, không sữa; pha nóng "
        "hoặc làm bánh.",
        "Cocoa beans fermented for six days, dried, roasted, partly defatted and finely ground. No sugar, "
        "no milk; for hot drinks or baking.",
        (P("Hộp 250 g", "250 g box", 250, 140_000),),
        3, "jar", "#4a2a1c",
    ),
    # --- Lâm Đồng: Đà Lạt herbs, preserves, coffee and orchids --------------
    ProductSpec(
        "tra-atiso-tui-loc-da-lat", XUAN_HUONG, "tra-thao-duoc", "Trà atiso túi lọc Đà Lạt",
        "Da Lat artichoke tea bags",
        "Thân, rễ và hoa atiso trồng trên cao nguyên Lâm Viên, thái lát, sấy và đóng túi lọc. Vị ngọt nhẹ, "
        "mát, thường uống sau bữa ăn.",
        "Artichoke stems, roots and flowers from the Lam Vien plateau, sliced, dried and bagged. Mildly "
        "sweet and refreshing, usually drunk after meals.",
        (P("Hộp 20 túi", "Box of 20 bags", 50, 45_000), P("Hộp 100 túi", "Box of 100 bags", 230, 190_000)),
        4, "box", "#6c8f3a",
    ),
    ProductSpec(
        "cao-atiso-da-lat", XUAN_HUONG, "duoc-lieu-che-bien", "Cao atiso Đà Lạt", "Da Lat artichoke extract",
        "Lá atiso tươi nấu cô đặc thành cao mềm, đen bóng, vị đắng nhẹ. Pha một thìa cà phê cao với nước ấm.",
        "Fresh artichoke leaves simmered down to a soft, glossy black extract with a light bitterness. Stir "
        "a teaspoon into warm water.",
        (P("Hũ 200 g", "200 g jar", 320, 150_000), P("Hũ 500 g", "500 g jar", 700, 350_000)),
        4, "jar", "#2f3a22",
    ),
    ProductSpec(
        "mut-dau-tay-da-lat", XUAN_HUONG, "dac-san-che-bien", "Mứt dâu tây Đà Lạt", "Da Lat strawberry preserve",
        "Dâu tây chín hái tại vườn, sên với đường phèn trên lửa nhỏ cho đến khi quả trong và dẻo. Không phẩm "
        "màu.",
        "Ripe strawberries from the garden, simmered slowly with rock sugar until clear and chewy. No "
        "colouring.",
        (P("Hộp 250 g", "250 g box", 250, 85_000), P("Hộp 500 g", "500 g box", 500, 160_000)),
        3, "jar", "#c8283c",
    ),
    ProductSpec(
        "hong-treo-gio-da-lat", XUAN_HUONG, "dac-san-che-bien", "Hồng treo gió Đà Lạt", "Da Lat wind-dried persimmons",
        "Hồng gọt vỏ, treo nơi thoáng gió hơn một tháng theo cách của người Nhật; thịt dẻo, lõi mật ngọt lịm.",
        "Peeled persimmons hung in the breeze for over a month in the Japanese way: chewy flesh and a "
        "honey-sweet core.",
        (P("Hộp 500 g", "500 g box", 500, 250_000), P("Hộp 1 kg", "1 kg box", 1000, 480_000)),
        4, "box", "#e07020",
    ),
    ProductSpec(
        "ca-phe-arabica-cau-dat", XUAN_HUONG, "ca-phe", "Cà phê Arabica Cầu Đất", "Cau Dat Arabica coffee",
        "Arabica trồng ở độ cao 1.500 m vùng Cầu Đất, rang vừa. Chua thanh như trái cây chín, thơm hoa, hậu "
        "ngọt.",
        "Arabica grown at 1,500 m around Cau Dat, medium roast. Bright, ripe-fruit acidity, floral aroma "
        "and a sweet finish.",
        (P("Gói 250 g", "250 g pack", 250, 160_000), P("Gói 500 g", "500 g pack", 500, 300_000)),
        4, "bag", "#7a4a32", origin="Phường Xuân Trường - Đà Lạt",
    ),
    ProductSpec(
        "lan-ho-diep-trang-da-lat", XUAN_HUONG, "hoa-lan", "Lan hồ điệp trắng Đà Lạt", "Da Lat white moth orchid",
        "Lan hồ điệp trồng trong nhà màng, cành hoa đang độ nở, chậu sứ trắng. Đặt nơi có ánh sáng tán xạ, "
        "tưới một đến hai lần mỗi tuần.",
        "Moth orchids grown under glass, spikes in full bloom, in a white porcelain pot. Keep in diffuse "
        "light and water once or twice a week.",
        (P("Chậu 2 cành", "Pot with 2 spikes", 2500, 750_000), P("Chậu 3 cành", "Pot with 3 spikes", 3500, 1_150_000)),
        3, "orchid", "#f4f0fa",
    ),
    ProductSpec(
        "dia-lan-kiem-da-lat", XUAN_HUONG, "hoa-lan", "Địa lan kiếm Đà Lạt", "Da Lat cymbidium orchid",
        "Địa lan kiếm nở đúng dịp Tết, hoa bền hàng tháng. Giao cả chậu kèm hướng dẫn chăm sóc.",
        "Cymbidiums timed to bloom for Tet, lasting for weeks. Delivered in the pot with care instructions.",
        (P("Chậu 2 cành", "Pot with 2 spikes", 4000, 950_000),),
        3, "orchid", "#e8c040", listing="scheduled",
    ),
    # --- An Giang (former Kiên Giang): Phú Quốc -----------------------------
    ProductSpec(
        "nuoc-mam-phu-quoc-40-dam", GANH_DAU, "nuoc-mam", "Nước mắm Phú Quốc 40 độ đạm", "Phu Quoc fish sauce, 40°N",
        "Cá cơm đánh bắt quanh đảo, ướp muối ngay trên ghe, ủ trong thùng gỗ hơn một năm. Sản phẩm mang chỉ "
        "dẫn địa lý Phú Quốc.",
        "Anchovies caught around the island and salted on board, then aged in wooden barrels for over a "
        "year. Carries the Phu Quoc geographical indication.",
        (P("Chai 500 ml", "500 ml bottle", 750, 125_000), P("Chai 750 ml", "750 ml bottle", 1100, 180_000)),
        4, "bottle", "#8a3a16",
    ),
    ProductSpec(
        "nuoc-mam-nhi-phu-quoc-43-dam", GANH_DAU, "nuoc-mam", "Nước mắm nhĩ Phú Quốc 43 độ đạm",
        "Phu Quoc first-press fish sauce, 43°N",
        "Mắm nhĩ rút đầu thùng, màu nâu đỏ cánh gián, vị đạm đà. Đóng chai thủy tinh, hộp giấy làm quà.",
        "First-press sauce drawn from the top of the barrel: red-brown and rich. Glass bottles in a gift "
        "box.",
        (P("Chai 250 ml", "250 ml bottle", 450, 110_000),
         P("Hộp quà 2 chai 500 ml", "Gift box, 2 × 500 ml", 1700, 420_000)),
        5, "bottle", "#6e2410",
    ),
    ProductSpec(
        "tieu-den-phu-quoc", GANH_DAU, "hat-gia-vi", "Tiêu đen Phú Quốc", "Phu Quoc black pepper",
        "Tiêu trồng trên đất đỏ ven biển, cay the, mùi thơm nồng đặc trưng. Hạt được sàng chọn cỡ lớn, phơi "
        "nắng tự nhiên.",
        "Grown on red coastal soil: sharp heat and a distinctive strong aroma. Large corns, screened and "
        "sun-dried.",
        (P("Hũ 100 g", "100 g jar", 180, 65_000), P("Túi 500 g", "500 g bag", 500, 220_000)),
        4, "jar", "#2e2620",
    ),
    ProductSpec(
        "tieu-so-trang-phu-quoc", GANH_DAU, "hat-gia-vi", "Tiêu sọ trắng Phú Quốc", "Phu Quoc white pepper",
        "Tiêu chín đỏ ngâm nước, bóc vỏ thủ công rồi phơi khô thành tiêu sọ trắng ngà, thơm dịu; dùng cho "
        "cháo, súp và món hấp.",
        "Red-ripe pepper soaked, hand-peeled and dried to ivory white: a gentler aroma for rice porridge, "
        "soups and steamed dishes.",
        (P("Hũ 100 g", "100 g jar", 180, 120_000),),
        3, "jar", "#e8dcc0",
    ),
    ProductSpec(
        "sim-rung-say-deo-phu-quoc", GANH_DAU, "dac-san-che-bien", "Sim rừng sấy dẻo Phú Quốc",
        "Phu Quoc chewy dried rose myrtle",
        "Trái sim rừng chín tím hái trên núi Hàm Ninh, sên đường rồi sấy dẻo; vị ngọt chua, chát nhẹ.",
        "Purple-ripe wild rose myrtle berries from the Ham Ninh hills, candied and dried until chewy: sweet, "
        "tart and slightly astringent.",
        (P("Hộp 200 g", "200 g box", 200, 75_000),),
        3, "box", "#5a2a5e",
    ),
    # --- Cần Thơ (former Sóc Trăng): rice and pía cakes ----------------------
    ProductSpec(
        "gao-st25-lua-tom", MY_XUYEN, "gao", "Gạo ST25 lúa tôm", "ST25 rice from rice-shrimp fields",
        "Giống ST25 cấy một vụ trên ruộng nuôi tôm, không dùng thuốc diệt cỏ. Cơm dẻo, thơm mùi lá dứa, để "
        "nguội vẫn mềm.",
        "ST25 grown once a year in fields that raise shrimp the rest of the time, without herbicides. Soft, "
        "pandan-scented rice that stays tender when cold.",
        (P("Túi 2 kg", "2 kg bag", 2000, 85_000), P("Túi 5 kg", "5 kg bag", 5000, 205_000)),
        4, "bag", "#e6d27a",
    ),
    ProductSpec(
        "gao-lut-st25", MY_XUYEN, "gao", "Gạo lứt ST25", "ST25 brown rice",
        "Gạo ST25 chỉ xay bỏ vỏ trấu, giữ lớp cám giàu chất xơ; hợp với người ăn kiêng, nấu cơm hoặc rang "
        "làm trà.",
        "ST25 with only the husk removed, keeping its fibre-rich bran: for light diets, cooked as rice or "
        "toasted for tea.",
        (P("Túi 1 kg", "1 kg bag", 1000, 65_000), P("Túi 2 kg", "2 kg bag", 2000, 120_000)),
        3, "bag", "#a0643c",
    ),
    ProductSpec(
        "banh-pia-sau-rieng-trung-muoi", MY_XUYEN, "dac-san-che-bien", "Bánh pía sầu riêng trứng muối",
        "Pia cakes with durian and salted egg",
        "Vỏ bánh nhiều lớp mỏng, nhân đậu xanh sầu riêng và lòng đỏ trứng muối, nướng theo công thức của "
        "người Hoa ở Sóc Trăng.",
        "Flaky layered pastry filled with mung bean, durian and salted egg yolk, baked to the Chinese-"
        "Vietnamese recipe of Soc Trang.",
        (P("Hộp 4 cái (400 g)", "Box of 4 (400 g)", 400, 95_000),
         P("Hộp 8 cái (800 g)", "Box of 8 (800 g)", 800, 180_000)),
        4, "cake", "#f0d08a", origin="Phường Sóc Trăng",
    ),
    ProductSpec(
        "banh-pia-dau-xanh-la-dua", MY_XUYEN, "dac-san-che-bien", "Bánh pía đậu xanh lá dứa",
        "Pia cakes with mung bean and pandan",
        "Nhân đậu xanh sên với lá dứa tươi, vỏ mỏng nhiều lớp; vị ngọt nhẹ, hợp dùng với trà.",
        "Mung bean filling cooked with fresh pandan in thin flaky pastry; lightly sweet, good with tea.",
        (P("Hộp 4 cái (400 g)", "Box of 4 (400 g)", 400, 80_000),),
        3, "cake", "#b8d68a", origin="Phường Sóc Trăng", listing="draft",
    ),
    # --- Hà Nội: Bát Tràng pottery --------------------------------------------
    ProductSpec(
        "bo-am-chen-men-lam-ve-tay", MINH_HAI, "gom-su", "Bộ ấm chén men lam vẽ tay", "Hand-painted blue-glaze tea set",
        "Một ấm 450 ml và sáu chén, men lam vẽ tay họa tiết hoa sen, nung ở 1.250 °C. Mỗi bộ có nét vẽ khác "
        "nhau đôi chút.",
        "A 450 ml teapot and six cups with hand-painted blue lotus motifs, fired at 1,250 °C. No two sets are "
        "painted quite alike.",
        (P("Bộ 1 ấm 6 chén", "Teapot and 6 cups", 1500, 650_000),),
        4, "teapot", "#2a4f9a",
    ),
    ProductSpec(
        "binh-hut-loc-men-ran", MINH_HAI, "gom-su", "Bình hút lộc men rạn", "Crackle-glaze fortune vase",
        "Bình dáng tròn miệng nhỏ, men rạn cổ màu ngà, đắp nổi hình cá chép. Hợp đặt ở phòng khách hoặc bàn "
        "làm việc.",
        "A round, narrow-mouthed vase in antique ivory crackle glaze with a carp in relief. Suits a living "
        "room or a desk.",
        (P("Cao 25 cm", "25 cm tall", 1800, 850_000), P("Cao 35 cm", "35 cm tall", 3200, 1_200_000)),
        4, "vase", "#8a6a3a",
    ),
    ProductSpec(
        "lo-hoa-dang-toi-men-lam", MINH_HAI, "gom-su", "Lọ hoa dáng tỏi men lam", "Garlic-neck vase, blue glaze",
        "Lọ hoa cổ tỏi vẽ tay men lam, dáng thanh, hợp cắm cành đào, cành mai ngày Tết.",
        "A slender garlic-neck vase hand-painted in blue, just right for a branch of peach or apricot "
        "blossom at Tet.",
        (P("Cao 30 cm", "30 cm tall", 1400, 420_000),),
        3, "vase", "#1f3f8a",
    ),
    ProductSpec(
        "bo-bat-an-com-men-tro", MINH_HAI, "gom-su", "Bộ bát ăn cơm men tro", "Ash-glaze rice bowl set",
        "Bát men tro mộc mạc màu xám xanh, thành dày giữ nhiệt, dùng được trong lò vi sóng và máy rửa bát.",
        "Rustic grey-green ash-glaze bowls with thick, heat-keeping walls; microwave and dishwasher safe.",
        (P("Bộ 6 bát", "Set of 6 bowls", 1800, 360_000), P("Bộ 10 bát", "Set of 10 bowls", 3000, 580_000)),
        3, "bowl", "#7f8f7a",
    ),
    ProductSpec(
        "coc-su-ve-tay-hoa-sen", MINH_HAI, "gom-su", "Cốc sứ vẽ tay hoa sen", "Hand-painted lotus mug",
        "Cốc sứ trắng vẽ tay hoa sen men lam, dung tích 350 ml, quai cầm vừa tay.",
        "A white porcelain mug hand-painted with a blue lotus; 350 ml, with a comfortable handle.",
        (P("Cốc 350 ml", "350 ml mug", 380, 120_000), P("Bộ 2 cốc", "Set of 2 mugs", 760, 220_000)),
        3, "cup", "#2a4f9a",
    ),
    # --- Hà Nội: Phú Vinh rattan and bamboo ----------------------------------
    ProductSpec(
        "gio-may-dan-tay-co-nap", PHU_VINH, "may-tre-dan", "Giỏ mây đan tay có nắp",
        "Hand-woven rattan basket with lid",
        "Sợi mây rừng chẻ nhỏ, đan dày và sấy chống mốc. Dùng đựng đồ giặt, đồ chơi hoặc làm giỏ quà Tết.",
        "Finely split forest rattan, tightly woven and treated against mould. For laundry, toys or a Tet "
        "gift hamper.",
        (P("Cỡ nhỏ 30 cm", "Small, 30 cm", 600, 280_000), P("Cỡ lớn 45 cm", "Large, 45 cm", 1100, 450_000)),
        4, "basket", "#b8884a",
    ),
    ProductSpec(
        "khay-may-chu-nhat-co-quai", PHU_VINH, "may-tre-dan", "Khay mây chữ nhật có quai",
        "Rectangular rattan trays with handles",
        "Bộ hai khay lồng vào nhau, đan mây trên khung tre, bày bánh kẹo ngày Tết hoặc bưng trà mời khách.",
        "Two nesting trays of rattan woven on bamboo frames, for Tet sweets or serving tea to guests.",
        (P("Bộ 2 khay", "Set of 2 trays", 900, 320_000),),
        3, "basket", "#a87a40",
    ),
    ProductSpec(
        "lan-tre-di-cho", PHU_VINH, "may-tre-dan", "Làn tre đi chợ", "Bamboo market basket",
        "Chiếc làn quen thuộc của các bà, các mẹ, đan bằng tre cật bền chắc, thay túi ni lông khi đi chợ.",
        "The familiar basket of grandmothers and mothers, woven from sturdy outer bamboo, in place of "
        "plastic bags at the market.",
        (P("Làn 35 cm", "35 cm basket", 700, 150_000),),
        3, "basket", "#c8a060",
    ),
    ProductSpec(
        "den-may-tha-tran", PHU_VINH, "may-tre-dan", "Đèn mây thả trần", "Rattan pendant lamp",
        "Chao đèn hình giọt nước đan bằng mây, ánh sáng hắt qua mắt đan tạo bóng ấm áp. Kèm dây và đui E27.",
        "A teardrop rattan shade that scatters warm patterned light through its weave. Comes with cord and "
        "an E27 holder.",
        (P("Đường kính 40 cm", "40 cm diameter", 900, 520_000), P("Đường kính 60 cm", "60 cm diameter", 1500, 790_000)),
        4, "lamp", "#b07a3e",
    ),
    # --- Đồng Nai (former Bình Phước): cashews -------------------------------
    ProductSpec(
        "hat-dieu-rang-muoi-vo-lua", BU_DANG, "hat-gia-vi", "Hạt điều rang muối vỏ lụa",
        "Salt-roasted cashews in their skins",
        "Điều hạt to loại A, rang củi cùng muối hột, giữ lớp vỏ lụa mỏng. Giòn, bùi, mặn vừa.",
        "Large grade-A cashews roasted over wood with coarse salt, keeping their thin skins. Crunchy, nutty "
        "and lightly salted.",
        (P("Hũ 500 g", "500 g jar", 650, 185_000), P("Túi 1 kg", "1 kg bag", 1000, 350_000)),
        4, "jar", "#c07840",
    ),
    ProductSpec(
        "hat-dieu-trang-say-gion", BU_DANG, "hat-gia-vi", "Hạt điều trắng sấy giòn", "Crisp-dried white cashews",
        "Nhân điều trắng bóc sạch vỏ lụa, sấy giòn không dầu, không muối; ăn vặt hoặc làm sữa hạt.",
        "White cashew kernels, fully skinned and dried crisp with no oil or salt; for snacking or nut milk.",
        (P("Túi 500 g", "500 g bag", 500, 195_000),),
        3, "bag", "#e8d0a0",
    ),
    ProductSpec(
        "hat-dieu-tam-mat-ong", BU_DANG, "hat-gia-vi", "Hạt điều tẩm mật ong", "Honey-glazed cashews",
        "Hạt điều rang phủ lớp mật ong mỏng và vừng rang, giòn ngọt.",
        "Roasted cashews with a thin glaze of honey and toasted sesame: crunchy and sweet.",
        (P("Hũ 300 g", "300 g jar", 420, 135_000),),
        3, "jar", "#d89a30", certificate="revoked",
    ),
    # --- Vĩnh Long (former Bến Tre): Chợ Lách bonsai -------------------------
    ProductSpec(
        "bonsai-mai-chieu-thuy-dang-truc", SAU_NHO, "bonsai-cay-canh", "Bonsai mai chiếu thủy dáng trực",
        "Wrightia bonsai, formal upright",
        "Cây mai chiếu thủy tám năm tuổi uốn dáng trực, hoa trắng nhỏ thơm về đêm. Trồng trong chậu gốm men "
        "30 cm.",
        "An eight-year-old Wrightia trained formal upright, with small white flowers fragrant at night. In "
        "a 30 cm glazed pot.",
        (P("Cây cao 45 cm", "45 cm tall", 6000, 1_200_000),),
        3, "tree", "#3f8a4a",
    ),
    ProductSpec(
        "cay-sanh-mini-de-ban", SAU_NHO, "bonsai-cay-canh", "Cây sanh mini để bàn", "Mini banyan bonsai for the desk",
        "Sanh lá nhỏ uốn dáng mini, chịu bóng tốt, hợp để bàn làm việc; tưới khi mặt đất se khô.",
        "A small-leaved banyan trained as a miniature; tolerates shade and suits a desk. Water when the "
        "surface feels dry.",
        (P("Chậu 15 cm", "15 cm pot", 1200, 280_000), P("Chậu 20 cm", "20 cm pot", 2000, 450_000)),
        3, "tree", "#4f9a4a",
    ),
    ProductSpec(
        "mai-vang-ghep-chau", SAU_NHO, "bonsai-cay-canh", "Mai vàng ghép chậu", "Grafted yellow apricot blossom",
        "Mai vàng giống Chợ Lách ghép trên gốc mai già, tuốt lá đúng ngày để hoa nở dịp Tết.",
        "Cho Lach yellow apricot grafted onto old rootstock, stripped of leaves on the right day to flower "
        "for Tet.",
        (P("Chậu 60 cm", "60 cm pot", 15000, 1_150_000),),
        3, "tree", "#e8b820", listing="scheduled",
    ),
    # --- Tuyên Quang (former Hà Giang): Đồng Văn plateau ---------------------
    ProductSpec(
        "mat-ong-bac-ha-dong-van", DONG_VAN, "mat-ong", "Mật ong bạc hà Đồng Văn", "Dong Van mint-flower honey",
        "Ong nội hút mật hoa bạc hà dại nở trên cao nguyên đá vào tháng Mười, tháng Mười Một. Mật vàng sáng, "
        "thơm mát, dễ kết tinh khi trời lạnh — dấu hiệu của mật thật.",
        "Native bees gather it from wild mint flowering on the stone plateau in October and November. Bright "
        "gold and cool-scented; it crystallises in the cold, a sign of real honey.",
        (P("Chai 500 ml", "500 ml bottle", 700, 380_000), P("Chai 1 lít", "1 litre bottle", 1400, 720_000)),
        4, "jar", "#f0b830",
    ),
    ProductSpec(
        "che-shan-tuyet-co-thu-hoang-su-phi", DONG_VAN, "che", "Chè Shan tuyết cổ thụ Hoàng Su Phì",
        "Hoang Su Phi ancient Shan tuyet tea",
        "Búp chè hái từ những cây Shan tuyết hàng trăm năm tuổi trên núi cao, phủ lông tơ trắng như tuyết. "
        "Nước vàng sáng, hương núi rừng.",
        "Buds from Shan tuyet trees hundreds of years old high in the mountains, covered in snow-white down. "
        "A bright golden liquor with a mountain-forest aroma.",
        (P("Gói 200 g", "200 g pack", 200, 250_000), P("Hộp 500 g", "500 g box", 500, 580_000)),
        5, "leaf", "#6a9a3a", origin="Xã Hoàng Su Phì",
    ),
    ProductSpec(
        "thit-trau-gac-bep-meo-vac", DONG_VAN, "dac-san-che-bien", "Thịt trâu gác bếp Mèo Vạc",
        "Meo Vac smoke-dried buffalo",
        "Thịt trâu thái thớ dài, ướp mắc khén, gừng, ớt rồi hun khói trên gác bếp củi. Xé nhỏ, chấm chẩm chéo.",
        "Buffalo meat cut along the grain, seasoned with mac khen pepper, ginger and chilli, then smoked above "
        "a wood fire. Tear into strips and dip in cham cheo.",
        (P("Túi 250 g", "250 g bag", 250, 260_000), P("Túi 500 g", "500 g bag", 500, 500_000)),
        3, "bag", "#7a2a20", origin="Xã Mèo Vạc",
    ),
    # --- Thanh Hóa -------------------------------------------------------------
    ProductSpec(
        "nem-chua-thanh-hoa", HAC_THANH, "dac-san-che-bien", "Nem chua Thanh Hóa", "Thanh Hoa fermented pork rolls",
        "Thịt nạc heo tươi trộn bì, thính gạo, tỏi ớt, gói lá chùm ruột và lá chuối, ủ chua tự nhiên ba ngày. "
        "Bảo quản ngăn mát tủ lạnh.",
        "Fresh lean pork mixed with pork skin, toasted rice powder, garlic and chilli, wrapped in leaves and "
        "left to sour naturally for three days. Keep refrigerated.",
        (P("Chùm 10 cái", "Bunch of 10", 300, 55_000), P("Hộp 50 cái", "Box of 50", 1500, 250_000)),
        4, "box", "#5a9a3a",
    ),
    ProductSpec(
        "banh-gai-tho-xuan", HAC_THANH, "dac-san-che-bien", "Bánh gai Thọ Xuân", "Tho Xuan ramie-leaf sticky cakes",
        "Vỏ bánh làm từ lá gai giã nhuyễn với gạo nếp cái hoa vàng, nhân đậu xanh, dừa, mỡ và vừng, gói lá "
        "chuối khô.",
        "Glutinous rice pounded with ramie leaves around a filling of mung bean, coconut, pork fat and "
        "sesame, wrapped in dried banana leaf.",
        (P("Hộp 10 cái", "Box of 10", 800, 90_000),),
        4, "cake", "#2a2420", origin="Xã Thọ Xuân",
    ),
    ProductSpec(
        "nuoc-mam-sam-son-35-dam", HAC_THANH, "nuoc-mam", "Nước mắm Sầm Sơn 35 độ đạm", "Sam Son fish sauce, 35°N",
        "Nước mắm cá cơm của làng biển Sầm Sơn, ủ chượp trong chum sành, vị mặn mòi đặc trưng xứ Thanh.",
        "Anchovy fish sauce from the Sam Son fishing village, fermented in stoneware jars, with the briny "
        "taste of Thanh Hoa.",
        (P("Chai 500 ml", "500 ml bottle", 750, 75_000), P("Can 2 lít", "2 litre can", 2300, 260_000)),
        3, "bottle", "#a0501e", origin="Phường Sầm Sơn", certificate="expired",
    ),
)
