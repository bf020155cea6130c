//! Word lists the extractor's rules are made of: Vietnamese cues for people, places and
//! organisations, speech verbs, surnames, and the shape of a Vietnamese syllable.
//! Lists of names belong in the gazetteer (`config/gazetteer/`), not here.

use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// Words (lowercase) that introduce a person when a name follows: titles, roles and
/// honorifics. Longest first, so `phó tổng thống` wins over `tổng thống`.
pub const PERSON_TITLES: &[&str] = &[
    "đặc phái viên",
    "phó tổng thống",
    "tổng thống",
    "phó thủ tướng",
    "thủ tướng",
    "phó chủ tịch",
    "chủ tịch",
    "tổng bí thư",
    "bí thư",
    "bộ trưởng",
    "thứ trưởng",
    "ngoại trưởng",
    "người phát ngôn",
    "phát ngôn viên",
    "trợ lý",
    "cố vấn",
    "thống đốc",
    "phó thống đốc",
    "tổng giám đốc",
    "giám đốc điều hành",
    "giám đốc",
    "phó giám đốc",
    "chủ nhiệm",
    "trưởng đoàn đàm phán",
    "trưởng đoàn",
    "đại sứ",
    "đại tướng",
    "thượng tướng",
    "trung tướng",
    "thiếu tướng",
    "tướng",
    "giáo hoàng",
    "chủ tịch nước",
    "phó chủ tịch nước",
    "vua",
    "nữ hoàng",
    "hoàng tử",
    "công chúa",
    "công nương",
    "thủ lĩnh",
    "lãnh đạo",
    "huấn luyện viên",
    "hlv",
    "tiền đạo",
    "tiền vệ",
    "hậu vệ",
    "thủ môn",
    "cầu thủ",
    "vận động viên",
    "nhà báo",
    "phóng viên",
    "luật sư",
    // A defendant or a suspect, named by that role again before a quote (`bị cáo nói`).
    "bị cáo",
    "bị can",
    "nghi phạm",
    "nghi can",
    "bác sĩ",
    "giáo sư",
    "phó giáo sư",
    "tiến sĩ",
    "thạc sĩ",
    // Academic and professional degrees before a name: GS, PGS (giáo sư, phó giáo sư),
    // TS, ThS, BS, and their joined forms (`PGS.TS`, `TS.BS`).
    "gs",
    "pgs",
    "ts",
    "ths",
    "bs",
    "gs.ts",
    "pgs.ts",
    "gs.tskh",
    "ts.bs",
    "ths.bs",
    "vụ trưởng",
    "cục trưởng",
    "tổng thư ký",
    "chánh án",
    "tổng biên tập",
    "ca sĩ",
    "nhạc sĩ",
    "họa sĩ",
    "nhà thơ",
    "kiến trúc sư",
    "kỹ sư",
    "hoa hậu",
    "người mẫu",
    "diễn viên",
    "đạo diễn",
    "nhà văn",
    // Honorary titles: NSND / NSƯT (Nghệ sĩ Nhân dân / Ưu tú), NGND / NGƯT (Nhà giáo).
    "nsnd",
    "nsưt",
    "ngnd",
    "ngưt",
    "nghệ sĩ nhân dân",
    "nghệ sĩ ưu tú",
    "nghệ sĩ",
    "tổng tư lệnh",
    "tư lệnh",
    "chủ tịch nước",
    "thượng nghị sĩ",
    "hạ nghị sĩ",
    "nghị sĩ",
    "thống đốc bang",
    "thị trưởng",
    "ông",
    "bà",
    "anh",
    "chị",
    "cô",
    "em",
    "cụ",
    // A teacher: `Thầy Nguyễn Đình Tuấn, Hiệu trưởng…`.
    "thầy",
    "thầy giáo",
    "cô giáo",
    "mr",
    "mrs",
    "ms",
    "thủ hiến",
    "hoàng thái tử",
    "quốc vương",
    "thái tử",
    "đức giáo hoàng",
];

/// Honorifics that stand for a person already named (`ông nói thêm`).
pub const PRONOUNS: &[&str] = &[
    "ông",
    "bà",
    "anh",
    "chị",
    "cô",
    "thầy",
    "ông ấy",
    "bà ấy",
    "người này",
    "quan chức này",
];

/// Words (lowercase) that open a sentence before a name without being part of it:
/// adverbs and conjunctions (`Hiện MoMo có…`, `Sau Google, …`). Only a sentence's
/// first word is read against this list.
pub const SENTENCE_OPENERS: &[&str] = &[
    "hiện",
    "sau",
    "trước",
    "trong",
    "ngoài",
    "khi",
    "nếu",
    "với",
    "vì",
    "do",
    "để",
    "cùng",
    "còn",
    "nhưng",
    "tuy",
    "dù",
    "riêng",
    "ngay",
    "đến",
    "hay",
    "và",
    "cả",
    "chỉ",
    "cũng",
    "đồng thời",
    "bên cạnh",
    "trong khi",
    "mặc dù",
    "ngoài ra",
    // `Theo PGS.TS Nguyễn Hoàng Hải, …`: according to.
    "theo",
    // `Trên Phố Wall, …`: on, under.
    "trên",
    "dưới",
];

/// Words (lowercase) right before a name that make it a place.
pub const PLACE_CUES: &[&str] = &[
    "tại",
    "ở",
    "đến",
    "tới",
    "thăm",
    "từ",
    "khỏi",
    "bang",
    "tỉnh",
    "thành phố",
    "thủ đô",
    "quận",
    "huyện",
    "xã",
    "phường",
    "thị xã",
    "vùng",
    "khu vực",
    "đảo",
    "sông",
    "núi",
    "hồ",
    "biển",
    "vịnh",
    "đèo",
    "sân",
    "sân bay",
    "cảng",
    "cửa khẩu",
    "nhà tù",
    "trạm",
    "phố",
    "tuyến phố",
    "đường",
    "tuyến đường",
    "tuyến",
    "ngõ",
    "miền",
    "nước",
    "thị trấn",
    "cầu",
    "di tích",
    "khu di tích",
    "danh thắng",
    "thủy điện",
    "thủ phủ",
    "khu đô thị",
    "khu kinh tế",
    "khu công nghiệp",
    "khu chế xuất",
    "khu du lịch",
    "hòn",
    "mũi",
    "thác",
    "hang",
    "suối",
    "ga",
    // Pottery and crafts named after their village: `gốm Chu Đậu`, `làng Bát Tràng`.
    "gốm",
    "làng",
];

/// Nouns (lowercase) of administrative units and areas, which a word of the kind of area
/// may follow before the name: `tỉnh miền núi Lào Cai`, `các bang chiến trường Ohio`.
pub const AREA_NOUNS: &[&str] = &[
    "bang",
    "tỉnh",
    "phố",
    "huyện",
    "quận",
    "xã",
    "phường",
    "vùng",
    "trấn",
    "nước",
    "đảo",
];

/// Words (lowercase) of the kind of area a unit is, between its noun and its name.
pub const AREA_QUALIFIERS: &[&str] = &[
    "chiến trường",
    "miền núi",
    "vùng cao",
    "biên giới",
    "ven biển",
    "cảng",
    "cổ",
    "du lịch",
    "công nghiệp",
    "láng giềng",
    "đông dân",
    "trung du",
    "đồng bằng",
    "nội thành",
    "ngoại thành",
    "giáp ranh",
    "lân cận",
    "đảo",
    "quốc đảo",
    "nghèo",
    "đi bộ",
];

/// Words (lowercase) of routes, whose ends are places: `tuyến metro Bến Thành - Suối
/// Tiên`, `cao tốc Hà Nội - Hải Phòng`, `đường bay Hà Nội - Tokyo`.
pub const ROUTE_WORDS: &[&str] = &[
    "tuyến",
    "cao tốc",
    "đường bay",
    "chuyến bay",
    "chặng",
    "đường sắt",
    "hành trình",
];

/// Words (lowercase) after which a name is another name of the person just named:
/// `với danh hiệu Leo XIV`, `nghệ danh Sơn Tùng M-TP`, `tên thật Nguyễn Thanh Tùng`.
pub const ALIAS_CUES: &[&str] = &[
    "danh hiệu",
    "nghệ danh",
    "bút danh",
    "bí danh",
    "biệt danh",
    "pháp danh",
    "tên thật",
    "tên thật là",
    "tên khai sinh",
    "tên khai sinh là",
];

/// Last words of the names of competitions and events (`World Cup`, `SEA Games`,
/// `Australian Open`), which are no kind of entity here.
pub const EVENT_WORDS: &[&str] = &[
    "Cup",
    "Games",
    "Open",
    "Championship",
    "Championships",
    "Olympic",
    "Olympics",
    "Expo",
    "Festival",
    "Awards",
    "Prize",
    "Summit",
    "Challenge",
    "Masters",
    "Marathon",
];

/// Words (lowercase) before the name of a prize or a competition: `giải Nobel Vật lý`.
pub const PRIZE_CUES: &[&str] = &[
    "giải",
    "giải thưởng",
    "huy chương",
    "huy chương vàng",
    "huy chương bạc",
    "huy chương đồng",
];

/// Words that end in a cue and are not one: `yêu cầu Bộ Công an` (request), `nhu cầu`
/// (demand), `toàn cầu` (global).
/// Verbs (lowercase) of a news outlet acting rather than reporting: `Đài Truyền hình Việt
/// Nam (VTV) thực hiện loạt phóng sự` names the outlet, it does not cite it.
pub const OUTLET_ACTS: &[&str] = &[
    "thực hiện",
    "phối hợp",
    "hợp tác",
    "tổ chức",
    "phát sóng",
    "sản xuất",
    "ký",
    "ra mắt",
    "khai trương",
    "tài trợ",
];

pub const NOT_CUES: &[&str] = &[
    "yêu cầu",
    "nhu cầu",
    "toàn cầu",
    "khẩn cầu",
    "thỉnh cầu",
    "mưu cầu",
    "địa cầu",
];

/// Heads (lowercase) that start an organisation's name when written with a capital
/// (`Bộ Ngoại giao`, `Ngân hàng Nhà nước`); written in lowercase they describe one.
pub const ORG_HEADS: &[&str] = &[
    // Troupes: `Đoàn Kịch nói Tổng cục Chính trị`. `Đoàn` alone is a family name.
    "đoàn kịch",
    "đoàn kịch nói",
    "đoàn chèo",
    "đoàn tuồng",
    "đoàn xiếc",
    "đoàn cải lương",
    "đoàn ca múa",
    "đoàn nghệ thuật",
    "đoàn văn công",
    "đoàn thể thao",
    "bộ",
    "tổng cục",
    "cục",
    "vụ",
    "sở",
    "ủy ban",
    "ngân hàng",
    "hiệp hội",
    "trung tâm",
    "liên đoàn",
    "tập đoàn",
    "tổng công ty",
    "công ty",
    "cơ quan",
    "văn phòng",
    "viện",
    "học viện",
    "trường",
    "đại học",
    "quỹ",
    "tổ chức",
    "liên minh",
    "hội đồng",
    "đảng",
    "tòa án",
    "câu lạc bộ",
    "điện",
    "quân đội",
    "lực lượng",
    "ban",
    "hội",
    "nhóm",
    "liên hiệp",
    "tổng liên đoàn",
    "thông tấn xã",
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "ubnd",
    "hđnd",
    // Tòa án nhân dân, Viện kiểm sát nhân dân: `TAND TP Hà Nội`, `VKSND tỉnh Nghệ An`.
    "tand",
    "vksnd",
    "bệnh viện",
    "nhà máy",
    "viện kiểm sát",
    "công an",
    "quân khu",
    "bộ tư lệnh",
    "cảnh sát",
    "đội",
    "phủ",
    "hải quan",
    "giáo hội",
    "mạng lưới",
    "phòng",
    // `Đài Khí tượng thủy văn…`; `Đài Loan` is a place the gazetteer finds first.
    "đài",
    // A national park's name is its board's: `Theo Vườn quốc gia Côn Đảo`.
    "vườn quốc gia",
    // A zoo: `Vườn thú Cologne`, `Thảo cầm viên Sài Gòn`.
    "vườn thú",
    "thảo cầm viên",
    "đại sứ quán",
    "tổng lãnh sự quán",
    "lãnh sự quán",
    // A securities company: `Chứng khoán Yuanta Việt Nam`, `Chứng khoán MB`.
    "chứng khoán",
    // A bank's or a company's division: `Giám đốc Khối Phân tích`.
    "khối",
];

/// Heads (lowercase) of the names of buildings and sites, which are places: written with
/// a capital they start the name (`Cung Văn hóa Thiếu nhi Quảng Ninh`, `Thành cổ Quảng
/// Trị`, `Cung điện Dolmabahce`), as an organisation's head does.
pub const VENUE_HEADS: &[&str] = &[
    "trung tâm hội nghị",
    "trung tâm triển lãm",
    "cung văn hóa",
    "cung thiếu nhi",
    "cung thể thao",
    "cung điện",
    "nhà văn hóa",
    "nhà hát",
    "nhà thi đấu",
    "sân vận động",
    "bảo tàng",
    "thành cổ",
    "quảng trường",
    "công viên",
    "nhà thờ",
    "chùa",
    "đền",
    "lăng",
    "thánh địa",
    "hoàng thành",
    "nhà nguyện",
    "thánh đường",
    "vương cung thánh đường",
    "tu viện",
    "nhà tang lễ",
];

/// Heads of buildings' names that are venues only written with a capital (`Cung Điền
/// kinh trong nhà Hà Nội`): in lowercase `cung` is also a zodiac sign or a stretch of
/// road, and announces nothing.
pub const CAPITAL_VENUE_HEADS: &[&str] = &["cung"];

/// What a school's name says of its level before the person it is named after
/// (`Trường THPT chuyên Lê Quý Đôn`, `Trường Đại học Tôn Đức Thắng`).
pub const SCHOOL_LEVELS: &[&str] = &[
    "thpt",
    "thcs",
    "ptth",
    "ptcs",
    "chuyên",
    "tiểu học",
    "trung học",
    "trung học cơ sở",
    "trung học phổ thông",
    "phổ thông",
    "mầm non",
    "đại học",
    "cao đẳng",
];

/// Posts held in an organisation: a word qualifying them (`Tổng giám đốc Vietcombank`)
/// names the organisation.
pub const ORG_ROLES: &[&str] = &[
    "tổng giám đốc",
    "phó tổng giám đốc",
    "giám đốc",
    "phó giám đốc",
    "giám đốc điều hành",
    "chủ tịch hội đồng quản trị",
    "chủ tịch hđqt",
    "chủ tịch",
    "phó chủ tịch",
    "ceo",
    "nhà sáng lập",
    "người sáng lập",
    "đồng sáng lập",
    "tổng biên tập",
    "huấn luyện viên",
    "hlv",
    "người phát ngôn",
];

/// Descriptors (lowercase) whose following name is an organisation, the descriptor not
/// being part of it: `hãng thông tấn Reuters`, `báo Wall Street Journal`.
pub const ORG_DESCRIPTORS: &[&str] = &[
    "hãng thông tấn",
    "hãng tin",
    "hãng nghiên cứu",
    "công ty nghiên cứu",
    "hãng hàng không",
    "hãng bay",
    "hãng xe",
    "hãng phim",
    "đội bóng",
    "trụ sở",
    // A player wears a club's shirt: `khoác áo Juventus`, `trong màu áo Al Nassr`.
    "khoác áo",
    "màu áo",
    "hãng",
    "báo",
    "tờ",
    "đài",
    "kênh",
    "trang",
    "tạp chí",
    "công ty",
    "tập đoàn",
    "nguồn tin",
    "thông tấn xã",
    "câu lạc bộ",
    "đội",
    "nhà sản xuất",
    "ngân hàng",
    "đảng",
    "cổ phiếu",
    "ứng dụng",
    "nền tảng",
    "mạng xã hội",
];

/// Words in an English-style organisation name.
pub const ORG_WORDS: &[&str] = &[
    "News",
    "Times",
    "Post",
    "Journal",
    "Group",
    "Inc",
    "Corp",
    "Corporation",
    "Bank",
    "Air",
    "Airlines",
    "Airways",
    "Motors",
    "Electronics",
    "Media",
    "Press",
    "Agency",
    "Company",
    "Holdings",
    "Ventures",
    "Capital",
    "Partners",
    "Investments",
    "Securities",
    "Logistics",
    "Foundation",
    "Institute",
    "University",
    "City",
    "United",
    "FC",
    "CF",
    "Club",
    "Shop",
    "Mart",
    "Store",
    "Oil",
    "Gas",
    "Power",
    "Energy",
    "Steel",
];

/// Foreign words that open a club's or a body's name before a city or another name:
/// `Real Madrid`, `Sporting Lisbon`, `Bayern Munich`, `Al Nassr`, `Al Jazeera`.
pub const CLUB_PREFIXES: &[&str] = &[
    "Real",
    "Sporting",
    "Inter",
    "Bayern",
    "Atlético",
    "Atletico",
    "Olympique",
    "Dynamo",
    "Dinamo",
    "Borussia",
    "Athletic",
    "Deportivo",
    "Spartak",
    "Lokomotiv",
    "Al",
    // Club abbreviations before a city: `AC Milan`, `AS Roma`, `RB Leipzig`.
    "AC",
    "AS",
    "RB",
    "SC",
    "FK",
    "FC",
];

/// Verbs that report speech, longest first.
pub const SPEECH_VERBS: &[&str] = &[
    "cho biết thêm",
    "nói thêm",
    "cho biết",
    "cho hay",
    "cho rằng",
    "nhận xét",
    "nói rõ",
    "nêu rõ",
    "nhấn mạnh",
    "tuyên bố",
    "khẳng định",
    "thông báo",
    "chia sẻ",
    "bày tỏ",
    "phát biểu",
    "nhận định",
    "đánh giá",
    "khuyến cáo",
    "giải thích",
    "tiết lộ",
    "thừa nhận",
    "lưu ý",
    "cảnh báo",
    "kêu gọi",
    // A directive quoted in part: `yêu cầu các nhà thầu "làm việc ba ca, bốn kíp"`.
    "yêu cầu",
    "đề nghị",
    "chỉ đạo",
    "có đoạn",
    "trả lời",
    "xác nhận",
    "gọi",
    "viết",
    "nói",
    "kể lại",
    "kể",
    "tâm sự",
    "hỏi",
    "said",
    "says",
    "told",
];

/// Verbs of two syllables (lowercase) that an organisation named as a subject is often
/// followed by: their first syllable does not complete the name's last word
/// (`Cục Quản lý Dược rà soát…` is not `Dược rà`).
pub const ACTION_VERBS: &[&str] = &[
    "rà soát",
    "kiểm tra",
    "ban hành",
    "triển khai",
    "hướng dẫn",
    "xử lý",
    "xử phạt",
    "điều tra",
    "tiếp nhận",
    "phát hiện",
    "thu hồi",
    "cấp phép",
    "quyết định",
    "đề xuất",
    "phê duyệt",
    "tăng cường",
    "ký kết",
    "hoàn thành",
    "thực hiện",
    "tiếp tục",
    "đồng ý",
    "cử",
];
pub static VERB_PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new([ACTION_VERBS, SPEECH_VERBS, TAIL_STOPS]));

/// Vietnamese family names: a capitalised run starting with one of them is a person's
/// name. The most common ones, then less common ones (`Khuất`, `Mạc`, `Doãn`…) that do
/// not also open the names of places (`Ninh Bình`, `Đồng Nai`, `Hàn Quốc`, `Châu Âu`).
pub const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Đoàn", "Lâm", "Mai", "Trương", "Cao", "Tô", "Tạ", "Hà",
    "Lương", "Lưu", "Trịnh", "Đào", "Thái", "Chu", "Kiều", "Văn", "Tăng", "Quách", "Vương",
    "Phùng", "Từ", "Triệu", "La", "Hứa", "Khổng", "Khuất", "Thân", "Lại", "Mạc", "Doãn", "Diệp",
    "Khúc", "Bế", "Lò", "Đàm", "Nghiêm", "Cù", "Hầu", "Tống",
];

/// Honorifics after which a lone Vietnamese word is a name (`ông Kim`, `bà Hồng`).
pub const HONORIFICS: &[&str] = &["ông", "bà", "anh", "chị", "cô", "em", "cụ", "thầy"];

/// Acronyms that are currencies, units or economic terms, not organisations.
pub const NOT_ORGANIZATIONS: &[&str] = &[
    "USD", "EUR", "VND", "VNĐ", "JPY", "CNY", "GBP", "KRW", "THB", "RUB", "GDP", "GNP", "CPI",
    "FDI", "ODA", "PMI", "CEO", "CFO", "CTO", "COVID", "AI", "IT", "TV", "PC", "SMS", "GPS", "ATM",
    "VAT", "BOT", "PPP", "HIV", "AIDS", "DNA", "UTC", "GMT", "OK", "TP", "TS", "GS", "PGS", "ThS",
    "BS", "MW", "KW", "GW", "KM", "CM", "MM", "KG", "NSND", "NSƯT", "NGND", "NGƯT", "GS.TS",
    "PGS.TS", "GS.TSKH", "TS.BS",
];

/// Compounds whose first syllable is also a [`TAIL_STOPS`] word (`sáng`, morning), which
/// go on an organisation's name: `Quỹ Đổi mới sáng tạo Việt Nam`.
pub const COMPOUNDS_OF_STOPS: &[(&str, &str)] =
    &[("sáng", "tạo"), ("sáng", "kiến"), ("sáng", "chế")];

/// Words that end a long lowercase tail of an organisation's name: the sentence goes on.
pub const TAIL_STOPS: &[&str] = &[
    "cho",
    "biết",
    "đã",
    "sẽ",
    "đang",
    "có",
    "là",
    "được",
    "bị",
    "hôm",
    "ngày",
    "sáng",
    "chiều",
    "tối",
    "nói",
    "cũng",
    "khi",
    "vừa",
    "vẫn",
    "còn",
    "hồi",
    "nhằm",
    "để",
    "vào",
    "tại",
    "ở",
    "và",
    "với",
    "của",
    "theo",
    "từ",
    "thì",
    "mà",
    "này",
    "đó",
    "thuộc",
    "trực thuộc",
    "như",
    "gồm",
    // Prepositions of place and time: `Trung tâm Quần vợt Phú Mỹ Hưng dưới trời nắng`.
    // Not `ngoài` nor `trong`, which make compounds in names: `Cục Quản lý lao động
    // ngoài nước`, `Vụ Thị trường trong nước`, `Cung Điền kinh trong nhà Hà Nội`.
    "dưới",
    "trên",
    "sau",
    "trước",
    "giữa",
    "lúc",
    // `Ban Quản lý dự án Mỹ Thuận làm chủ đầu tư`: acting as.
    "làm",
    // `Ban Chấp hành Trung ương Đảng họp`: meets.
    "họp",
    // Verbs of two words that go on the sentence after a name in lowercase.
    "tổ chức",
    "phối hợp",
    "khai mạc",
    "công bố",
];

/// Lowercase words between an organisation's head and its proper name:
/// `Tòa án nhân dân`, `Công ty cổ phần`, `Công ty TNHH`.
pub const ORG_MODIFIERS: &[&str] = &[
    "nhân dân",
    "cổ phần",
    "trách nhiệm hữu hạn",
    "tnhh",
    "liên doanh",
    "đa khoa",
];

/// Administrative units before a place's name, inside an organisation's name too:
/// `UBND tỉnh Quảng Nam`, `Tòa án nhân dân TP Hà Nội`.
pub const ADMIN_UNITS: &[&str] = &[
    "tỉnh",
    "thành phố",
    "tp",
    "tp.",
    "huyện",
    "quận",
    "thị xã",
    "xã",
    "phường",
    "thị trấn",
];

/// Place cues that are kinds of place: the one capitalised word after them is a
/// place's name (`sông Hoài`), unlike prepositions such as `tại`.
pub const GEO_NOUNS: &[&str] = &[
    "sông",
    "núi",
    "đảo",
    "hồ",
    "biển",
    "vịnh",
    "đèo",
    "tỉnh",
    "thành phố",
    "huyện",
    "quận",
    "xã",
    "phường",
    "thị xã",
    "thị trấn",
    "bang",
    "vùng",
    "miền",
    "cảng",
    "cửa khẩu",
    "sân bay",
    "sân",
    "phố",
    "tuyến phố",
    "đường",
    "tuyến đường",
    "tuyến",
    "ngõ",
    "cầu",
    "di tích",
    "danh thắng",
    "thủy điện",
];

/// A list of phrases indexed by first word, for longest-match lookups over tokens.
pub struct Phrases(HashMap<&'static str, Vec<Vec<&'static str>>>);

impl Phrases {
    fn new<'a>(lists: impl IntoIterator<Item = &'a [&'static str]>) -> Phrases {
        let mut by_first: HashMap<&str, Vec<Vec<&str>>> = HashMap::default();
        for phrase in lists.into_iter().flatten() {
            let words: Vec<&str> = phrase.split(' ').collect();
            by_first.entry(words[0]).or_default().push(words);
        }
        Phrases(by_first)
    }

    /// The length in words of the longest phrase that `word(0)`, `word(1)`… spell;
    /// `word` gives lowercase words and `None` past a phrase's possible end.
    pub fn longest<'a>(&self, word: impl Fn(usize) -> Option<&'a str>) -> Option<usize> {
        let candidates = self.0.get(word(0)?)?;
        candidates
            .iter()
            .filter(|p| {
                p.iter()
                    .enumerate()
                    .skip(1)
                    .all(|(k, w)| word(k) == Some(*w))
            })
            .map(Vec::len)
            .max()
    }
}

/// The word lists consulted on most capitalised words, looked up by hash rather than
/// compared with each of their words in turn.
pub type WordSet = LazyLock<rustc_hash::FxHashSet<&'static str>>;
pub static TAIL_STOP_SET: WordSet = LazyLock::new(|| TAIL_STOPS.iter().copied().collect());
pub static ORG_WORD_SET: WordSet = LazyLock::new(|| ORG_WORDS.iter().copied().collect());
pub static NOT_ORGANIZATION_SET: WordSet =
    LazyLock::new(|| NOT_ORGANIZATIONS.iter().copied().collect());
pub static SURNAME_SET: WordSet = LazyLock::new(|| SURNAMES.iter().copied().collect());
pub static GEO_NOUN_SET: WordSet = LazyLock::new(|| GEO_NOUNS.iter().copied().collect());
pub static EVENT_WORD_SET: WordSet = LazyLock::new(|| EVENT_WORDS.iter().copied().collect());
pub static CLUB_PREFIX_SET: WordSet = LazyLock::new(|| CLUB_PREFIXES.iter().copied().collect());

pub static TITLE_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new([PERSON_TITLES]));
/// Organisations' heads and venues' heads: both start a name the same way.
pub static ORG_HEAD_PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new([ORG_HEADS, VENUE_HEADS, CAPITAL_VENUE_HEADS]));
pub static VENUE_HEAD_PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new([VENUE_HEADS, CAPITAL_VENUE_HEADS]));
pub static SCHOOL_LEVEL_PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new([SCHOOL_LEVELS]));
pub static ORG_MODIFIER_PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new([ORG_MODIFIERS]));
pub static OPENER_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new([SENTENCE_OPENERS]));
/// Plural nouns (lowercase, after `các`/`những`) of kinds of organisation, which may
/// introduce a list of their names: `các đối tác như Foxconn và Luxshare`.
pub const ORG_KIND_NOUNS: &[&str] = &[
    "đối tác",
    "hãng",
    "công ty",
    "tập đoàn",
    "ngân hàng",
    "nhà băng",
    "doanh nghiệp",
    "nhà mạng",
    "thương hiệu",
    "nhà sản xuất",
    "nhà cung cấp",
    "ông lớn",
    "đội bóng",
    "câu lạc bộ",
    "hãng bay",
    "hãng hàng không",
    "tờ báo",
    "hãng tin",
];
pub static ORG_KIND_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new([ORG_KIND_NOUNS]));
pub static ORG_DESCRIPTOR_PHRASES: LazyLock<Phrases> =
    LazyLock::new(|| Phrases::new([ORG_DESCRIPTORS]));
pub static PLACE_CUE_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new([PLACE_CUES]));
pub static ADMIN_UNIT_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new([ADMIN_UNITS]));
pub static PRIZE_CUE_PHRASES: LazyLock<Phrases> = LazyLock::new(|| Phrases::new([PRIZE_CUES]));

/// Whether `word` could be one Vietnamese syllable. Foreign names (`Lavrov`, `Putin`,
/// `Witkoff`) cannot, which tells them from capitalised Vietnamese words.
pub fn is_vietnamese_syllable(word: &str) -> bool {
    // The bare letters, without marks, in a small buffer: no syllable is longer.
    let mut bare = [0u8; 8];
    let mut n = 0;
    for c in word.chars() {
        let letter = match c {
            'a'..='z' => c as u8,
            'A'..='Z' => c.to_ascii_lowercase() as u8,
            'đ' | 'Đ' => b'd',
            '\u{300}'..='\u{36f}' => continue,
            _ => match crate::text::base_letter(c) {
                Some(base) => base.to_ascii_lowercase() as u8,
                None => return false,
            },
        };
        if n == bare.len() {
            return false;
        }
        bare[n] = letter;
        n += 1;
    }
    // Doubled vowels (`Lee`, `Moon`) are not written in Vietnamese, but for `oo` before
    // `ng` or `c` (`xoong`, `boong`); `uu` is `ưu` without its mark.
    let bare = &bare[..n];
    let doubled = bare.windows(2).enumerate().any(|(i, w)| {
        w[0] == w[1]
            && match w[0] {
                b'a' | b'e' | b'i' | b'y' => true,
                b'o' => !matches!(&bare[i + 2..], b"ng" | b"c"),
                _ => false,
            }
    });
    !doubled && is_syllable_shape(bare)
}

/// The consonants a syllable may open with alone, as bits counted from `a` (a bit
/// test: a search of the string costs a call on every capitalised word).
const ONE_LETTER_ONSETS: u32 = {
    let letters = b"bcdghklmnprstvx";
    let mut bits = 0;
    let mut i = 0;
    while i < letters.len() {
        bits |= 1 << (letters[i] - b'a');
        i += 1;
    }
    bits
};

/// Whether the bare letters of a word have a Vietnamese syllable's shape: an onset, one
/// to three vowels and a coda, as [`SYLLABLE_PATTERN`] says, matched by hand (this is
/// asked of nearly every capitalised word, and a regex costs hundreds of instructions a
/// call on eight bytes).
fn is_syllable_shape(bare: &[u8]) -> bool {
    let vowel = |b: &u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    // One to three vowels, then a coda or nothing.
    let rhyme = |rest: &[u8]| {
        let vowels = rest.iter().take_while(|b| vowel(b)).count();
        (1..=vowels.min(3)).any(|k| {
            matches!(
                &rest[k..],
                b"" | b"ch" | b"ng" | b"nh" | b"c" | b"m" | b"n" | b"p" | b"t"
            )
        })
    };
    // The onsets the word may open with: none, one consonant, two letters, `ngh`.
    let one = bare
        .first()
        .is_some_and(|&b| b.is_ascii_lowercase() && ONE_LETTER_ONSETS >> (b - b'a') & 1 == 1);
    let two = matches!(
        bare.get(..2),
        Some(b"ng" | b"nh" | b"ch" | b"gh" | b"gi" | b"kh" | b"ph" | b"qu" | b"th" | b"tr")
    );
    let three = bare.starts_with(b"ngh");
    rhyme(bare)
        || (one && rhyme(&bare[1..]))
        || (two && rhyme(&bare[2..]))
        || (three && rhyme(&bare[3..]))
}

/// The shape [`is_syllable_shape`] matches, as a pattern: the reference its tests hold
/// it to.
#[cfg(test)]
const SYLLABLE_PATTERN: &str = "^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:[aeiouy]{1,3})(?:ch|ng|nh|[cmnpt])?$";

/// An acronym: two or more capitals, no lowercase (`NATO`, `TASS`, `JICA`).
pub fn is_acronym(word: &str) -> bool {
    // The cheap test first: most words fail it at their second letter.
    word.chars()
        .all(|c| crate::text::is_upper(c) || c == '.' || c == '-')
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !is_roman_numeral(word)
        && !NOT_ORGANIZATION_SET.contains(&word)
        && !is_initials(word)
}

/// A person's initials, single capitals each followed by a dot: `M.`, `M.K.`.
pub fn is_initials(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() >= 2
        && bytes.len() <= 8
        && bytes
            .chunks(2)
            .all(|pair| matches!(pair, [letter, b'.'] if letter.is_ascii_uppercase()))
}

pub fn is_roman_numeral(word: &str) -> bool {
    word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn syllable_shapes_are_told_as_the_pattern_tells_them() {
        let pattern = Regex::new(SYLLABLE_PATTERN).unwrap();
        // Every string of up to four letters from those that matter, and longer ones
        // built from onsets, vowels and codas.
        let letters = b"abcdeghiklmnopqrstuvxyzf";
        let mut words: Vec<Vec<u8>> = vec![Vec::new()];
        let mut last: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|w| letters.iter().map(move |l| [w.as_slice(), &[*l]].concat()))
                .collect();
            words.extend(last.iter().cloned());
        }
        for onset in [
            "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "x", "",
        ] {
            for vowels in ["a", "oa", "uye", "uyee", "ie", "ươ", "ia", "uo", "uou", ""] {
                for coda in [
                    "ch", "ng", "nh", "c", "m", "n", "p", "t", "", "g", "h", "nhh",
                ] {
                    words.push(format!("{onset}{vowels}{coda}").into_bytes());
                }
            }
        }
        for w in &words {
            let expected = std::str::from_utf8(w).is_ok_and(|s| pattern.is_match(s));
            assert_eq!(
                is_syllable_shape(w),
                expected,
                "{:?}",
                String::from_utf8_lossy(w)
            );
        }
    }

    /// Words are looked up with their tone marks in one placement (`ủy`, `hòa`), so each
    /// phrase is listed once, in that placement.
    #[test]
    fn phrases_are_listed_in_the_modern_tone_placement() {
        for list in [
            PERSON_TITLES,
            PRONOUNS,
            SENTENCE_OPENERS,
            PLACE_CUES,
            ORG_HEADS,
            VENUE_HEADS,
            SCHOOL_LEVELS,
            ORG_ROLES,
            ORG_DESCRIPTORS,
            SPEECH_VERBS,
            HONORIFICS,
            TAIL_STOPS,
            ORG_MODIFIERS,
            ADMIN_UNITS,
            GEO_NOUNS,
        ] {
            for phrase in list {
                assert_eq!(crate::text::modern_tone_placement(phrase), *phrase);
            }
        }
    }

    #[test]
    fn tells_vietnamese_syllables_from_foreign_words() {
        for word in [
            "Nga",
            "Mỹ",
            "Nguyễn",
            "Thống",
            "Kim",
            "Quảng",
            "Nghệ",
            "Trường",
            "khuya",
            "Đức",
        ] {
            assert!(is_vietnamese_syllable(word), "{word}");
        }
        for word in [
            "Lavrov", "Putin", "Witkoff", "Sergey", "Trump", "Alaska", "Kiev", "Steve", "Sang-sik",
            "Tokyo",
        ] {
            assert!(!is_vietnamese_syllable(word), "{word}");
        }
    }

    #[test]
    fn acronyms() {
        assert!(
            is_acronym("NATO") && is_acronym("TASS") && is_acronym("AP") && is_acronym("TP.HCM")
        );
        assert!(
            !is_acronym("II") && !is_acronym("RON95") && !is_acronym("Nga") && !is_acronym("A")
        );
    }
}
