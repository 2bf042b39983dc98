//! Adding a photo to a page. A phone's photo carries hidden data: the GPS position where it was
//! taken, the camera's serial number and the time. On this site that can point to a victim's
//! family's home, so nothing of it is kept: the picture is decoded and encoded again with the
//! `image` crate, which writes pixels only (no EXIF, XMP, IPTC, comments or color-profile
//! blocks). The photo is first turned the way the camera meant (its EXIF orientation), and a
//! large one is scaled down, which also spares residents on metered phone plans.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use super::paths::{self, IMAGE_DIR};
use super::save;

/// The largest upload accepted, in bytes.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// The longest side a stored image keeps, in pixels.
pub const MAX_SIDE: u32 = 2000;

/// Why an image was not added.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// Over [`MAX_UPLOAD`].
    #[error("the file is larger than 20 MB")]
    TooLarge,
    /// Neither alt text nor "decorative".
    #[error("describe the image for people who cannot see it, or mark it as decorative")]
    NoDescription,
    /// Not a JPEG, PNG, WebP or GIF picture, or damaged.
    #[error("this is not a picture Haven can read (JPEG, PNG, WebP or GIF)")]
    NotAnImage,
    /// The page's path was refused.
    #[error(transparent)]
    Path(#[from] paths::PathError),
    /// Writing failed.
    #[error(transparent)]
    Save(#[from] save::SaveError),
}

/// An image stored for a page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Stored {
    /// Where it was written, from the site folder (`content/guide/photo.jpg`).
    pub file: String,
    /// The Markdown to put in the page.
    pub markdown: String,
}

/// Cleans `bytes` and stores them for the page `page_rel` (inside `content/`): in the page's
/// folder when it is a bundle (`index.md`, `_index.md`), else in `static/images/`.
pub fn store(
    root: &Path,
    page_rel: &Path,
    file_name: &str,
    bytes: &[u8],
    alt: &str,
    decorative: bool,
) -> Result<Stored, ImageError> {
    if bytes.len() > MAX_UPLOAD {
        return Err(ImageError::TooLarge);
    }
    let alt = alt.trim();
    if alt.is_empty() && !decorative {
        return Err(ImageError::NoDescription);
    }
    let (clean, ext) = clean(bytes)?;
    let stem = crate::site::slugify(
        Path::new(file_name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("image"),
    );
    let stem = if stem.is_empty() {
        "image".into()
    } else {
        stem
    };
    let bundle = page_rel
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| {
            s == "index" || s == "_index" || s.starts_with("index.") || s.starts_with("_index.")
        });
    let (base, folder, url_prefix): (PathBuf, PathBuf, String) = if bundle {
        let folder = page_rel.parent().unwrap_or(Path::new("")).to_path_buf();
        (
            root.join(crate::content::CONTENT_DIR),
            folder,
            String::new(),
        )
    } else {
        (root.join(IMAGE_DIR), PathBuf::new(), "/images/".into())
    };
    std::fs::create_dir_all(&base).map_err(|source| save::SaveError::Io {
        path: base.clone(),
        source,
    })?;
    for n in 1.. {
        let name = if n == 1 {
            format!("{stem}.{ext}")
        } else {
            format!("{stem}-{n}.{ext}")
        };
        let rel = folder.join(&name);
        let full = paths::inside(&base, &rel)?;
        match save::create_bytes(&full, &clean) {
            Ok(()) => {
                let shown = full
                    .strip_prefix(root)
                    .unwrap_or(&full)
                    .to_string_lossy()
                    .replace('\\', "/");
                let target = format!("{url_prefix}{name}");
                let markdown = if decorative && alt.is_empty() {
                    format!("![]({target} \"decorative\")")
                } else {
                    format!("![{}]({target})", alt.replace(['[', ']'], ""))
                };
                return Ok(Stored {
                    file: shown,
                    markdown,
                });
            }
            Err(save::SaveError::Exists(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    unreachable!("some name is free")
}

/// The picture's pixels only, encoded again: JPEG stays JPEG; PNG, GIF (first frame) and WebP
/// become PNG, keeping transparency. Returns the bytes and their file extension.
pub fn clean(bytes: &[u8]) -> Result<(Vec<u8>, &'static str), ImageError> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ImageError::NotAnImage)?;
    let format = reader.format().ok_or(ImageError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif
    ) {
        return Err(ImageError::NotAnImage);
    }
    let mut decoder = reader.into_decoder().map_err(|_| ImageError::NotAnImage)?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| ImageError::NotAnImage)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    if img.width().max(img.height()) > MAX_SIDE {
        img = img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    }
    let mut out = Vec::new();
    let ext = if format == ImageFormat::Jpeg {
        let rgb = img.to_rgb8();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
            .encode_image(&rgb)
            .map_err(|_| ImageError::NotAnImage)?;
        "jpg"
    } else {
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .map_err(|_| ImageError::NotAnImage)?;
        "png"
    };
    Ok((out, ext))
}
