//! The fonts the PDF is set in: DejaVu Sans (regular and bold) for Latin, the Nordic
//! letters and €, and Droid Sans Fallback for what DejaVu lacks (Chinese, Japanese,
//! Korean). Each character takes the first of them that has it. krilla embeds only
//! the glyphs used (a subset) with a ToUnicode map, so the text can be copied out.

use std::ops::Range;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Data;
use reskontra_core::reports::invoice::InvoiceReport;
use skrifa::charmap::Charmap;
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

/// The file names under `assets/fonts/` (and the served `fonts/` folder).
pub const REGULAR_FILE: &str = "DejaVuSans.ttf";
pub const BOLD_FILE: &str = "DejaVuSans-Bold.ttf";
pub const FALLBACK_FILE: &str = "DroidSansFallbackFull.ttf";

/// One font: its bytes and krilla's handle on them.
#[derive(Clone)]
struct Face {
    data: Data,
    font: Font,
}

impl Face {
    fn new(data: Data, name: &str) -> Result<Face, String> {
        FontRef::new(data.as_ref()).map_err(|e| format!("{name} is not a font file this program reads ({e})"))?;
        let font = Font::new(data.clone(), 0).ok_or_else(|| format!("{name} is not a font file this program reads"))?;
        Ok(Face { data, font })
    }

    fn font_ref(&self) -> Option<FontRef<'_>> {
        FontRef::new(self.data.as_ref()).ok()
    }
}

/// The fonts of a PDF: regular and bold, and optionally the fallback for characters
/// they lack (without it those print as empty boxes).
#[derive(Clone)]
pub struct Fonts {
    regular: Face,
    bold: Face,
    fallback: Option<Face>,
}

/// A run of text set in one font: its glyphs and its width at size 1.
pub(crate) struct Run {
    pub font: Font,
    pub range: Range<usize>,
    pub glyphs: Vec<KrillaGlyph>,
    pub width: f32,
}

impl Fonts {
    /// Fonts from their bytes (e.g. fetched by the render worker). Refused when a
    /// file is not a font.
    pub fn new(regular: Vec<u8>, bold: Vec<u8>, fallback: Option<Vec<u8>>) -> Result<Fonts, String> {
        Ok(Fonts {
            regular: Face::new(regular.into(), REGULAR_FILE)?,
            bold: Face::new(bold.into(), BOLD_FILE)?,
            fallback: fallback.map(|f| Face::new(f.into(), FALLBACK_FILE)).transpose()?,
        })
    }

    /// The fonts of `assets/fonts`, compiled in (feature `bundled-fonts`).
    #[cfg(feature = "bundled-fonts")]
    pub fn bundled() -> Result<Fonts, String> {
        static REGULAR: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/DejaVuSans.ttf"));
        static BOLD: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/DejaVuSans-Bold.ttf"));
        static FALLBACK: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/fonts/DroidSansFallbackFull.ttf"));
        Ok(Fonts {
            regular: Face::new(Data::from(REGULAR), REGULAR_FILE)?,
            bold: Face::new(Data::from(BOLD), BOLD_FILE)?,
            fallback: Some(Face::new(Data::from(FALLBACK), FALLBACK_FILE)?),
        })
    }

    /// Whether a fallback font is loaded.
    pub fn has_fallback(&self) -> bool {
        self.fallback.is_some()
    }

    /// The text split into runs of one font each, with glyphs and advances (no
    /// shaping: Latin, Nordic and CJK text need none; kerning is left out).
    pub(crate) fn runs(&self, text: &str, bold: bool) -> Vec<Run> {
        let primary = if bold { &self.bold } else { &self.regular };
        // Each face's character map and advances, looked up once per text (not per character).
        let faces: Vec<(&Face, Charmap<'_>, GlyphMetrics<'_>)> = [Some(primary), self.fallback.as_ref()]
            .into_iter()
            .flatten()
            .filter_map(|f| f.font_ref().map(|r| (f, r.charmap(), r.glyph_metrics(Size::new(1.0), LocationRef::default()))))
            .collect();
        let mut runs: Vec<Run> = Vec::new();
        let mut current: Option<(usize, Run)> = None;
        for (start, c) in text.char_indices() {
            let c = if c.is_control() { ' ' } else { c };
            let found = faces.iter().enumerate().find_map(|(i, (_, charmap, _))| charmap.map(c).filter(|g| g.to_u32() != 0).map(|g| (i, g)));
            let (index, glyph) = found.unwrap_or((0, skrifa::GlyphId::NOTDEF));
            let Some((face, _, metrics)) = faces.get(index) else { continue };
            let advance = metrics.advance_width(glyph).unwrap_or(0.0);
            let range = start..start + c.len_utf8();
            if current.as_ref().is_some_and(|(i, _)| *i != index) {
                runs.extend(current.take().map(|(_, run)| run));
            }
            let (_, run) = current.get_or_insert_with(|| (index, Run { font: face.font.clone(), range: range.clone(), glyphs: Vec::new(), width: 0.0 }));
            run.range.end = range.end;
            let offset = run.range.start;
            run.glyphs.push(KrillaGlyph::new(GlyphId::new(glyph.to_u32()), advance, 0.0, 0.0, 0.0, range.start - offset..range.end - offset, None));
            run.width += advance;
        }
        runs.extend(current.map(|(_, run)| run));
        runs
    }

    /// The width of `text` at `size` points.
    pub(crate) fn width(&self, text: &str, bold: bool, size: f32) -> f32 {
        self.runs(text, bold).iter().map(|r| r.width).sum::<f32>() * size
    }
}

/// Whether the report has characters that DejaVu Sans (`regular`, its bytes) lacks,
/// so the fallback font must be loaded: the render worker fetches the 4 MB CJK font
/// only then.
pub fn needs_fallback(report: &InvoiceReport, regular: &[u8]) -> Result<bool, String> {
    texts_need_fallback(report.texts(), regular)
}

/// Whether any of `texts` has characters that DejaVu Sans (`regular`) lacks (for a
/// `TableReport`: its `texts()`).
pub fn texts_need_fallback<'a>(texts: impl IntoIterator<Item = &'a str>, regular: &[u8]) -> Result<bool, String> {
    let font = FontRef::new(regular).map_err(|e| format!("{REGULAR_FILE} is not a font file this program reads ({e})"))?;
    let charmap = font.charmap();
    Ok(texts.into_iter().flat_map(|t| t.chars()).any(|c| !c.is_whitespace() && !c.is_control() && charmap.map(c).is_none_or(|g| g.to_u32() == 0)))
}
