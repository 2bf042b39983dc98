use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Serialize, Debug, Clone)]
pub struct PageAnchorData {
    pub element: String,
    pub id: String,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub location: u32,
}

#[derive(Serialize, Debug, Clone)]
pub struct PageFragmentData {
    pub url: String,
    pub content: String,
    pub word_count: usize,
    pub filters: BTreeMap<String, Vec<String>>,
    pub meta: BTreeMap<String, String>,
    pub anchors: Vec<PageAnchorData>,
}

/// (haven patch) A page's fragment as the index writes it: its JSON, or that JSON already
/// gzipped as the index's files are (a page read ahead of its index is encoded on the thread
/// that read it, and only the compressed bytes are held until the index is built).
#[derive(Debug, Clone)]
pub enum EncodedFragment {
    Json(String),
    Gzipped(std::sync::Arc<[u8]>),
}

impl EncodedFragment {
    /// The fragment's JSON, decompressed if need be.
    pub fn json(&self) -> String {
        match self {
            EncodedFragment::Json(json) => json.clone(),
            EncodedFragment::Gzipped(gz) => {
                use std::io::Read;
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&gz[..])
                    .read_to_end(&mut out)
                    .expect("a fragment gzipped in memory decompresses");
                let json = out.strip_prefix(b"pagefind_dcd").unwrap_or(&out);
                String::from_utf8(json.to_vec()).expect("a fragment's JSON is UTF-8")
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct PageFragment {
    // (haven patch) No longer set: build_indexes numbers the pages by their places.
    #[allow(dead_code)]
    pub page_number: usize,
    pub data: PageFragmentData,
}
