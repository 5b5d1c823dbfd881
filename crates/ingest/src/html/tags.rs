//! The HTML element names the scanner and tree builder treat specially, and what HTML says about each.
//!
//! These are facts of the HTML language (void elements, raw text, implied end tags), so they live
//! in code; which elements count as boilerplate is a judgement and lives in the TOML data file.

macro_rules! tags {
    ($($variant:ident = $name:literal,)*) => {
        #[allow(non_upper_case_globals)]
        mod packed {
            $(pub(super) const $variant: u64 = super::pack($name.as_bytes());)*
        }

        /// A known element name; everything else is [`Tag::Other`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum Tag { $($variant,)* Other }

        impl Tag {
            /// Number of variants, for per-tag tables.
            pub(crate) const COUNT: usize = [$($name,)*].len() + 1;

            /// The tag for an element name, ASCII-case-insensitively.
            pub(crate) fn from_name(name: &[u8]) -> Tag {
                if name.is_empty() || name.len() > 12 {
                    return Tag::Other;
                }
                let mut buf = [0u8; 12];
                let lower = &mut buf[..name.len()];
                lower.copy_from_slice(name);
                lower.make_ascii_lowercase();
                // Dispatch on the first eight bytes packed in an integer (a jump table, not a
                // string compare per tag), then confirm the whole name.
                let tag = match pack(lower) {
                    $(packed::$variant => Tag::$variant,)*
                    _ => return Tag::Other,
                };
                let known = tag.name().as_bytes();
                if known.len() == lower.len() && (known.len() <= 8 || known[8..] == lower[8..]) {
                    tag
                } else {
                    Tag::Other
                }
            }

            /// The lower-case name; empty for [`Tag::Other`].
            pub(crate) fn name(self) -> &'static str {
                match self { $(Tag::$variant => $name,)* Tag::Other => "" }
            }
        }
    };
}

tags! {
    A = "a", Address = "address", Area = "area", Article = "article", Aside = "aside",
    Audio = "audio", B = "b", Base = "base", Blockquote = "blockquote", Body = "body", Br = "br",
    Button = "button", Canvas = "canvas", Caption = "caption", Center = "center", Col = "col",
    Dd = "dd", Details = "details", Dialog = "dialog", Div = "div", Dl = "dl", Dt = "dt",
    Em = "em", Embed = "embed", Fieldset = "fieldset", Figcaption = "figcaption",
    Figure = "figure", Footer = "footer", Form = "form", H1 = "h1", H2 = "h2", H3 = "h3",
    H4 = "h4", H5 = "h5", H6 = "h6", Head = "head", Header = "header", Hgroup = "hgroup",
    Hr = "hr", Html = "html", I = "i", Iframe = "iframe", Img = "img", Input = "input",
    Label = "label", Legend = "legend", Li = "li", Link = "link", Main = "main", Math = "math",
    Menu = "menu", Meta = "meta", Nav = "nav", Noembed = "noembed", Noframes = "noframes",
    Noscript = "noscript", Object = "object", Ol = "ol", Optgroup = "optgroup",
    Option = "option", P = "p", Param = "param", Picture = "picture", Plaintext = "plaintext",
    Pre = "pre", Script = "script", Section = "section", Select = "select", Source = "source",
    Span = "span", Strong = "strong", Style = "style", Summary = "summary", Svg = "svg",
    Table = "table", Tbody = "tbody", Td = "td", Template = "template", Textarea = "textarea",
    Tfoot = "tfoot", Th = "th", Thead = "thead", Time = "time", Title = "title", Tr = "tr",
    Track = "track", Ul = "ul", Video = "video", Wbr = "wbr", Xmp = "xmp",
}

/// The first eight bytes of a name as an integer.
const fn pack(name: &[u8]) -> u64 {
    let mut out = 0u64;
    let mut i = 0;
    while i < name.len() && i < 8 {
        out |= (name[i] as u64) << (8 * i);
        i += 1;
    }
    out
}

impl Tag {
    /// Elements that never have content or an end tag.
    pub(crate) fn is_void(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Area | Base | Br | Col | Embed | Hr | Img | Input | Link | Meta | Param | Source
                | Track | Wbr
        )
    }

    /// Elements whose content is not markup: everything up to the matching end tag is one run
    /// of text. `noscript` and `template` are included because a reader without scripts never
    /// shows them as page text.
    pub(crate) fn is_raw_text(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Script | Style | Noscript | Template | Textarea | Title | Iframe | Xmp | Noembed
                | Noframes | Plaintext
        )
    }

    /// Raw-text elements whose content is still subject to character references.
    pub(crate) fn is_escapable_raw_text(self) -> bool {
        matches!(self, Tag::Title | Tag::Textarea)
    }

    /// Elements that start and end a paragraph of text: their start and end break a block.
    pub(crate) fn breaks_block(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address | Article | Aside | Blockquote | Body | Button | Caption | Center | Dd
                | Details | Dialog | Div | Dl | Dt | Fieldset | Figcaption | Figure | Footer
                | Form | H1 | H2 | H3 | H4 | H5 | H6 | Head | Header | Hgroup | Hr | Html
                | Legend | Li | Main | Menu | Nav | Ol | Option | P | Pre | Section | Select
                | Summary | Table | Tbody | Td | Tfoot | Th | Thead | Tr | Ul | Textarea
                | Iframe | Video | Audio | Canvas | Object | Svg | Math
        )
    }

    /// Start tags that close an open `<p>` (HTML's "close a p element").
    pub(crate) fn closes_p(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address | Article | Aside | Blockquote | Center | Details | Dialog | Div | Dl | Dd
                | Dt | Fieldset | Figcaption | Figure | Footer | Form | H1 | H2 | H3 | H4 | H5
                | H6 | Header | Hgroup | Hr | Li | Main | Menu | Nav | Ol | P | Pre | Section
                | Summary | Table | Ul | Plaintext | Xmp
        )
    }

    pub(crate) fn heading_level(self) -> u8 {
        match self {
            Tag::H1 => 1,
            Tag::H2 => 2,
            Tag::H3 => 3,
            Tag::H4 => 4,
            Tag::H5 => 5,
            Tag::H6 => 6,
            _ => 0,
        }
    }

    /// Elements past which an implied end tag (`<li>` closing an open `<li>`, a block closing
    /// an open `<p>`) does not look: a list item in a nested list or a table cell is not the
    /// one being closed.
    pub(crate) fn is_scope_boundary(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Html | Body | Table | Td | Th | Tr | Caption | Template | Button | Object | Ul | Ol
                | Menu | Dl | Select | Article | Section | Nav | Aside | Main | Header | Footer
                | Blockquote | Figure | Form | Svg | Math
        )
    }

    /// Elements that belong in `<head>`; any other start tag ends an unclosed head.
    pub(crate) fn is_head_content(self) -> bool {
        use Tag::*;
        matches!(self, Base | Link | Meta | Noscript | Script | Style | Template | Title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_case_insensitively() {
        assert_eq!(Tag::from_name(b"DiV"), Tag::Div);
        assert_eq!(Tag::from_name(b"figcaption"), Tag::Figcaption);
        assert_eq!(Tag::from_name(b"blockquotes"), Tag::Other);
        assert_eq!(Tag::from_name(b"x-very-long-custom-element"), Tag::Other);
        assert_eq!(Tag::Blockquote.name(), "blockquote");
        assert_eq!(Tag::from_name(b"noscriptx"), Tag::Other, "eight-byte prefix of a known name");
    }
}
