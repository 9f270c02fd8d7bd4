//! `dir`, `lang` and `xml:lang` on the elements whose direction or language differ from their
//! parent's, whether the manuscript stated them or the model detected the direction; the
//! renderer keeps what is in force around the element being written.

use super::Renderer;
use crate::epub::escape::push_escaped;
use crate::model::{Direction, Flow, Inline, Locale};

/// The direction and language in force around the element being written.
#[derive(Debug, Clone)]
pub(in crate::epub) struct Around {
    pub flow: Flow,
    pub lang: String,
}

impl Renderer<'_> {
    /// Writes the attributes an element in `flow` with the language `lang` needs (none when both
    /// match its surroundings), and makes them the surroundings of its content. Give what it
    /// returns to [`Renderer::leave`] after the element's content.
    pub(super) fn enter(&mut self, out: &mut String, flow: Flow, lang: Option<&str>) -> Around {
        let lang = lang.map(str::trim).filter(|l| !l.is_empty());
        if flow.direction != self.around.flow.direction {
            out.push_str(match flow.direction {
                Direction::Ltr => " dir=\"ltr\"",
                Direction::Rtl => " dir=\"rtl\"",
            });
        }
        let next = Around {
            flow,
            lang: lang.unwrap_or(&self.around.lang).to_string(),
        };
        if next.lang != self.around.lang {
            for attribute in [" lang=\"", " xml:lang=\""] {
                out.push_str(attribute);
                push_escaped(out, &next.lang);
                out.push('"');
            }
        }
        std::mem::replace(&mut self.around, next)
    }

    /// Restores the surroundings [`Renderer::enter`] replaced.
    pub(super) fn leave(&mut self, around: Around) {
        self.around = around;
    }

    /// [`Renderer::enter`] for a run of text with `locale` (a paragraph, heading or span), whose
    /// direction where nothing states it is its first strong character's.
    pub(super) fn enter_text(
        &mut self,
        out: &mut String,
        locale: &Locale,
        content: &[Inline],
    ) -> Around {
        let flow = self.around.flow.text(locale, content);
        self.enter(out, flow, locale.lang.as_deref())
    }

    /// [`Renderer::enter`] for a container of blocks with `locale` (a div).
    pub(super) fn enter_container(&mut self, out: &mut String, locale: &Locale) -> Around {
        let flow = self.around.flow.enter(locale);
        self.enter(out, flow, locale.lang.as_deref())
    }
}
