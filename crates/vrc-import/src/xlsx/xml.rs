//! What every SpreadsheetML part is read with: quick-xml's event reader,
//! its errors named by part, text and attributes unescaped.

use std::borrow::Cow;

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::error::Error;

pub(crate) fn xml_reader(xml: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    reader
}

/// The next event, or the part's name and what is wrong with it.
pub(crate) fn next<'x>(reader: &mut Reader<&'x [u8]>, part: &str) -> Result<Event<'x>, Error> {
    reader.read_event().map_err(|err| Error::Part {
        part: part.to_owned(),
        message: format!(
            "is not well-formed XML: {err}, at byte {}",
            reader.error_position()
        ),
    })
}

/// Add a text event's characters to `text`.
pub(crate) fn push_text(text: &mut String, event: Event<'_>) {
    match event {
        Event::Text(t) => text.push_str(&t.xml10_content()),
        Event::CData(c) => text.push_str(&c.into_inner()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                text.push(c);
            } else if let Some(s) = resolve_predefined_entity(&r) {
                text.push_str(s);
            }
        }
        _ => {}
    }
}

/// An attribute's value, unescaped; `None` if absent or broken.
pub(crate) fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let attr = e.try_get_attribute(name).ok()??;
    attr.normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(Cow::into_owned)
}
