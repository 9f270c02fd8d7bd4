//! Scripts written without spaces between words (Thai, Lao, Khmer, Burmese): paragraphs of each
//! set within the measure on several lines, broken between words.
//!
//! No bundled face has these scripts, so the PDF takes them from Noto Sans Thai, Lao, Khmer and
//! Myanmar given as a font folder (Debian's fonts-noto-core). Without those fonts the tests are
//! skipped with a note on stderr, so that `cargo test` passes on a bare machine; CI installs them
//! and sets `FOLIO_REQUIRE_FONTS=1`, which turns a missing font into a failure.

use crate::common;

use common::pdf::{one_sided, page_draws, typeset};
use folio::pdf::PdfOptions;
use std::path::{Path, PathBuf};

/// Where Debian's fonts-noto-core puts its faces.
const NOTO: &str = "/usr/share/fonts/truetype/noto";

/// The faces the paragraphs need.
const FACES: [&str; 4] = [
    "NotoSansThai-Regular.ttf",
    "NotoSansLao-Regular.ttf",
    "NotoSansKhmer-Regular.ttf",
    "NotoSansMyanmar-Regular.ttf",
];

/// A folder holding only the faces the paragraphs need (searching all of Noto is slow), or
/// `None` when the machine lacks them (a failure under `FOLIO_REQUIRE_FONTS`).
pub fn noto_dir() -> Option<tempfile::TempDir> {
    let missing: Vec<&str> = FACES
        .into_iter()
        .filter(|face| !Path::new(NOTO).join(face).is_file())
        .collect();
    if !missing.is_empty() {
        assert!(
            std::env::var_os("FOLIO_REQUIRE_FONTS").is_none(),
            "{missing:?} (fonts-noto-core) are required here"
        );
        eprintln!("{missing:?} not in {NOTO}: skipping the test that sets them");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for face in FACES {
        std::fs::copy(Path::new(NOTO).join(face), dir.path().join(face)).expect("copied");
    }
    Some(dir)
}

/// Paragraphs in each script: sentences without spaces inside them, as the languages are
/// written, each longer than a line.
const PARAGRAPHS: [(&str, &str); 4] = [
    (
        "th",
        "ภาษาไทยเป็นภาษาราชการของประเทศไทยและเป็นภาษาแม่ของคนไทยส่วนใหญ่ในทุกภาคของประเทศ \
         การเขียนภาษาไทยไม่มีการเว้นวรรคระหว่างคำแต่จะเว้นวรรคเมื่อจบประโยคหรือวลีเท่านั้น \
         ผู้อ่านจึงต้องแยกคำเองจากความรู้เรื่องคำศัพท์และบริบทของประโยคที่กำลังอ่านอยู่ \
         โปรแกรมจัดหน้าหนังสือจึงต้องรู้ว่าคำหนึ่งเริ่มต้นและสิ้นสุดที่ใดเพื่อจะตัดบรรทัดได้อย่างถูกต้อง",
    ),
    (
        "lo",
        "ພາສາລາວເປັນພາສາທາງການຂອງສາທາລະນະລັດປະຊາທິປະໄຕປະຊາຊົນລາວແລະເປັນພາສາແມ່ຂອງຄົນລາວ \
         ການຂຽນພາສາລາວບໍ່ມີການຍະຫວ່າງລະຫວ່າງຄໍາສັບແຕ່ຈະຍະຫວ່າງເມື່ອຈົບປະໂຫຍກເທົ່ານັ້ນ \
         ຜູ້ອ່ານຕ້ອງແຍກຄໍາເອງຈາກຄວາມຮູ້ກ່ຽວກັບຄໍາສັບແລະເນື້ອໃນຂອງປະໂຫຍກທີ່ກໍາລັງອ່ານ \
         ໂປຣແກຣມຈັດໜ້າປຶ້ມຈຶ່ງຕ້ອງຮູ້ວ່າຄໍາໜຶ່ງເລີ່ມຕົ້ນແລະສິ້ນສຸດຢູ່ໃສເພື່ອຕັດແຖວໄດ້ຖືກຕ້ອງ",
    ),
    (
        "km",
        "ភាសាខ្មែរជាភាសាផ្លូវការរបស់ព្រះរាជាណាចក្រកម្ពុជានិងជាភាសាកំណើតរបស់ប្រជាជនខ្មែរភាគច្រើន \
         ការសរសេរភាសាខ្មែរមិនមានដកឃ្លារវាងពាក្យនីមួយៗទេប៉ុន្តែដកឃ្លានៅពេលចប់ប្រយោគ \
         អ្នកអានត្រូវបំបែកពាក្យដោយខ្លួនឯងតាមចំណេះដឹងអំពីវាក្យសព្ទនិងបរិបទនៃប្រយោគ \
         កម្មវិធីរៀបចំទំព័រសៀវភៅត្រូវដឹងថាពាក្យមួយចាប់ផ្តើមនិងបញ្ចប់នៅកន្លែងណាដើម្បីកាត់បន្ទាត់",
    ),
    (
        "my",
        "မြန်မာဘာသာစကားသည်မြန်မာနိုင်ငံ၏ရုံးသုံးဘာသာစကားဖြစ်ပြီးပြည်သူအများစု၏မိခင်ဘာသာစကားဖြစ်သည်။ \
         မြန်မာစာရေးသားရာတွင်စကားလုံးများကြားတွင်နေရာလွတ်မထားဘဲဝါကျအဆုံးတွင်သာနေရာလွတ်ထားသည်။ \
         စာဖတ်သူသည်ဝေါဟာရနှင့်ဝါကျ၏အဓိပ္ပာယ်ကိုသိရှိခြင်းဖြင့်စကားလုံးများကိုခွဲခြားရသည်။ \
         စာအုပ်မျက်နှာစာစီစဉ်သည့်ပရိုဂရမ်သည်စကားလုံးတစ်လုံးစတင်ပြီးဆုံးသည့်နေရာကိုသိရန်လိုအပ်သည်။",
    ),
];

/// Margins that leave a measure of about 300 pt, so that every sentence needs several lines.
const MARGIN: f32 = 150.0;

#[test]
fn thai_lao_khmer_and_burmese_are_set_within_the_measure_on_several_lines() {
    let Some(fonts) = noto_dir() else {
        return;
    };
    for (lang, text) in PARAGRAPHS {
        let mut options = PdfOptions {
            toc: Some(false),
            ..one_sided(MARGIN)
        };
        options.fonts.font_dirs = vec![PathBuf::from(fonts.path())];
        let manuscript = format!("---\ntitle: Test\nlang: {lang}\n---\n\n{text}\n");
        let set = typeset(Path::new("scripts.md"), &manuscript, &options);
        let messages: Vec<&str> = set.warnings.iter().map(|w| w.message.as_str()).collect();
        assert!(messages.is_empty(), "{lang}: {messages:?}");
        // The paragraph's lines: the baselines text is drawn on, below the title's.
        let pages = set.doc.get_pages();
        let mut baselines: Vec<i32> = pages
            .values()
            .flat_map(|&page| page_draws(&set.doc, page).text)
            .map(|(_, y)| y.round() as i32)
            .collect();
        baselines.sort_unstable();
        baselines.dedup();
        assert!(
            baselines.len() > 5,
            "{lang}: the title and at least five lines: {baselines:?}"
        );
    }
}
