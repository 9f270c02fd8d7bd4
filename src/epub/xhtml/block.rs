//! Blocks to XHTML: headings, paragraphs, quotes, lists, code, tables, figures, definition lists,
//! rules and display math.

use super::{Piece, Renderer, xml_id};
use crate::epub::escape::push_escaped;
use crate::model::{
    Align, Block, BlockKind, DefinitionItem, Direction, Figure, Flow, Heading, Inline, List,
    Locale, Span, Table, TableRow,
};

impl Renderer<'_> {
    /// A part of a chapter: a block, a part of a divided one, or a run of a divided table's
    /// rows, the parts with the page marks of the blocks they come from.
    pub(in crate::epub) fn piece(&mut self, out: &mut String, piece: &Piece) {
        match piece {
            Piece::Block(block) => self.block(out, block),
            Piece::Part(block, origin) => {
                self.enter_part(block, origin);
                self.block(out, block);
                self.leave_part();
            }
            Piece::Rows(block, table, rows) => {
                let marks = self.enter_rows(block, table, rows.clone());
                self.table(out, table, &table.rows[rows.clone()]);
                self.leave_marks(out, marks);
            }
        }
    }

    pub(super) fn block(&mut self, out: &mut String, block: &Block) {
        let marks = self.enter_marks(block);
        if matches!(
            block.kind,
            BlockKind::CodeBlock { .. } | BlockKind::Figure(_) | BlockKind::ThematicBreak
        ) {
            self.marks_due(out);
        }
        self.block_kind(out, block);
        self.leave_marks(out, marks);
    }

    fn block_kind(&mut self, out: &mut String, block: &Block) {
        match &block.kind {
            BlockKind::Heading(heading) => self.heading(out, heading, &block.locale),
            BlockKind::Paragraph { content } => self.paragraph(out, content, &block.locale, ""),
            BlockKind::Div { blocks } => {
                out.push_str("<div");
                let around = self.enter_container(out, &block.locale);
                out.push_str(">\n");
                self.blocks(out, blocks);
                out.push_str("</div>\n");
                self.leave(around);
            }
            BlockKind::BlockQuote { blocks } => {
                out.push_str("<blockquote>\n");
                self.blocks(out, blocks);
                out.push_str("</blockquote>\n");
            }
            BlockKind::List(list) => self.list(out, list),
            BlockKind::CodeBlock { lang, code } => self.code(out, lang.as_deref(), code),
            BlockKind::Table(table) => self.table(out, table, &table.rows),
            BlockKind::Figure(figure) => self.figure(out, figure, block.span),
            BlockKind::ThematicBreak => out.push_str("<hr/>\n"),
            BlockKind::DefinitionList { items } => self.definitions(out, items),
            BlockKind::Math { tex, label } => self.display_math(out, tex, label.as_deref()),
        }
    }

    fn blocks(&mut self, out: &mut String, blocks: &[Block]) {
        for block in blocks {
            self.block(out, block);
        }
    }

    /// Renders `blocks` with `lead` (ready XHTML: a task's box, a note's number) at the start of
    /// the first paragraph, or in a paragraph of its own when they start otherwise. `bare` writes
    /// paragraphs without `<p>`, as a tight list's items want, with `<br/>` between two of them.
    pub(super) fn led_blocks(
        &mut self,
        out: &mut String,
        blocks: &[Block],
        lead: &str,
        bare: bool,
    ) {
        let mut lead = Some(lead).filter(|l| !l.is_empty());
        let mut after_bare_text = false;
        for block in blocks {
            if let BlockKind::Paragraph { content } = &block.kind {
                let marks = self.enter_marks(block);
                let lead = lead.take().unwrap_or_default();
                match (bare, after_bare_text) {
                    (false, _) => self.paragraph(out, content, &block.locale, lead),
                    (true, true) => out.push_str("<br/>\n"),
                    (true, false) => {}
                }
                if bare {
                    out.push_str(lead);
                    self.inlines(out, content);
                }
                self.leave_marks(out, marks);
                after_bare_text = bare;
            } else {
                if let Some(lead) = lead.take() {
                    push_lead_alone(out, lead, bare);
                }
                self.block(out, block);
                after_bare_text = false;
            }
        }
        if let Some(lead) = lead {
            push_lead_alone(out, lead, bare);
        }
    }

    /// A `<p>` with its direction and language where they differ, starting with `lead`.
    fn paragraph(&mut self, out: &mut String, content: &[Inline], locale: &Locale, lead: &str) {
        out.push_str("<p");
        let around = self.enter_text(out, locale, content);
        out.push('>');
        out.push_str(lead);
        self.inlines(out, content);
        out.push_str("</p>\n");
        self.leave(around);
    }

    fn heading(&mut self, out: &mut String, heading: &Heading, locale: &Locale) {
        self.footprint.headings.push(heading.id.clone());
        let level = heading.level.clamp(1, 6);
        out.push_str(&format!("<h{level}"));
        let around = self.enter_text(out, locale, &heading.content);
        if !heading.id.is_empty() {
            out.push_str(" id=\"");
            push_escaped(out, &xml_id(&heading.id));
            out.push('"');
        }
        push_class_attribute(out, heading.classes.iter().map(String::as_str));
        out.push('>');
        self.inlines(out, &heading.content);
        out.push_str(&format!("</h{level}>\n"));
        self.leave(around);
    }

    fn list(&mut self, out: &mut String, list: &List) {
        let tag = match list.start {
            Some(start) => {
                out.push_str("<ol");
                if start != 1 {
                    out.push_str(&format!(" start=\"{start}\""));
                }
                "ol"
            }
            None => {
                out.push_str("<ul");
                "ul"
            }
        };
        let tasks = list.items.iter().any(|item| item.task.is_some());
        push_class_attribute(out, tasks.then_some("tasks").into_iter());
        out.push_str(">\n");
        for item in &list.items {
            // A tight item's text has no `<p>` to carry its direction: the item does.
            let first_text = item.blocks.iter().find_map(|b| match &b.kind {
                BlockKind::Paragraph { content } => Some(content.as_slice()),
                _ => None,
            });
            out.push_str("<li");
            let around = self.enter_text(out, &Locale::default(), first_text.unwrap_or_default());
            out.push('>');
            let lead = match item.task {
                Some(true) => "<span class=\"task-box checked\">\u{2611}</span> ",
                Some(false) => "<span class=\"task-box\">\u{2610}</span> ",
                None => "",
            };
            self.led_blocks(out, &item.blocks, lead, list.tight);
            out.push_str("</li>\n");
            self.leave(around);
        }
        out.push_str(&format!("</{tag}>\n"));
    }

    fn code(&mut self, out: &mut String, lang: Option<&str>, code: &str) {
        // Code reads left to right whatever the text around it.
        out.push_str("<pre class=\"code\"");
        let ltr = Flow {
            direction: Direction::Ltr,
            stated: true,
        };
        let around = self.enter(out, ltr, None);
        out.push_str("><code");
        let lang = lang.map(str::trim).filter(|l| !l.is_empty());
        if let Some(lang) = lang {
            out.push_str(" class=\"language-");
            push_escaped(out, &lang.replace(char::is_whitespace, "-"));
            out.push('"');
        }
        out.push('>');
        let rendered = match lang.and_then(|lang| self.highlighter.highlight(lang, code)) {
            Some(highlighted) => highlighted,
            None => {
                let mut escaped = String::new();
                push_escaped(&mut escaped, code);
                escaped.into()
            }
        };
        self.marked_code(out, code, &rendered);
        out.push_str("</code></pre>\n");
        self.leave(around);
    }

    /// `table` with its header and the body `rows` (all of them, or a piece's).
    fn table(&mut self, out: &mut String, table: &Table, rows: &[TableRow]) {
        if table.header.is_empty() && rows.is_empty() {
            return;
        }
        out.push_str("<table>\n");
        for (section, rows, cell) in [("thead", &table.header[..], "th"), ("tbody", rows, "td")] {
            if rows.is_empty() {
                continue;
            }
            out.push_str(&format!("<{section}>\n"));
            for row in rows {
                self.table_row(out, row, cell, &table.alignments);
            }
            out.push_str(&format!("</{section}>\n"));
        }
        out.push_str("</table>\n");
    }

    fn table_row(&mut self, out: &mut String, row: &TableRow, cell: &str, alignments: &[Align]) {
        out.push_str("<tr>");
        for (i, content) in row.cells.iter().enumerate() {
            out.push('<');
            out.push_str(cell);
            if cell == "th" {
                out.push_str(" scope=\"col\"");
            }
            let align = match alignments.get(i) {
                Some(Align::Left) => Some("align-left"),
                Some(Align::Center) => Some("align-center"),
                Some(Align::Right) => Some("align-right"),
                Some(Align::None) | None => None,
            };
            push_class_attribute(out, align.into_iter());
            let around = self.enter_text(out, &Locale::default(), content);
            out.push('>');
            self.marks_due(out);
            self.inlines(out, content);
            out.push_str(&format!("</{cell}>"));
            self.leave(around);
        }
        out.push_str("</tr>\n");
    }

    fn figure(&mut self, out: &mut String, figure: &Figure, span: Span) {
        out.push_str("<figure>\n");
        self.image(out, &figure.image, span);
        if !figure.caption.is_empty() {
            out.push_str("\n<figcaption>");
            self.inlines(out, &figure.caption);
            out.push_str("</figcaption>");
        }
        out.push_str("\n</figure>\n");
    }

    fn definitions(&mut self, out: &mut String, items: &[DefinitionItem]) {
        out.push_str("<dl>\n");
        for item in items {
            out.push_str("<dt");
            let around = self.enter_text(out, &Locale::default(), &item.term);
            out.push('>');
            self.inlines(out, &item.term);
            out.push_str("</dt>\n");
            self.leave(around);
            // A term needs at least one description to keep the list valid.
            if item.definitions.is_empty() {
                out.push_str("<dd></dd>\n");
            }
            for definition in &item.definitions {
                out.push_str("<dd>\n");
                self.blocks(out, definition);
                out.push_str("</dd>\n");
            }
        }
        out.push_str("</dl>\n");
    }
}

fn push_lead_alone(out: &mut String, lead: &str, bare: bool) {
    if bare {
        out.push_str(lead);
    } else {
        out.push_str("<p>");
        out.push_str(lead);
        out.push_str("</p>\n");
    }
}

/// ` class="a b"` from the non-empty class names, or nothing.
fn push_class_attribute<'c>(out: &mut String, classes: impl Iterator<Item = &'c str>) {
    let mut first = true;
    for class in classes.map(str::trim).filter(|c| !c.is_empty()) {
        out.push_str(if first { " class=\"" } else { " " });
        push_escaped(out, &class.replace(char::is_whitespace, "-"));
        first = false;
    }
    if !first {
        out.push('"');
    }
}

impl Renderer<'_> {
    /// Display math in a paragraph of its own; a numbered equation carries its number after
    /// the formula (a reading system's MathML has no place for it) and its label as its id.
    fn display_math(&mut self, out: &mut String, tex: &str, label: Option<&str>) {
        out.push_str("<p class=\"math-display\"");
        if let Some(label) = label {
            out.push_str(" id=\"");
            push_escaped(out, &xml_id(label));
            out.push('"');
        }
        out.push('>');
        self.math(out, tex, true);
        if let Some(number) = self.formulas.number(tex, label) {
            out.push_str("<span class=\"equation-number\">(");
            push_escaped(out, &number);
            out.push_str(")</span>");
        }
        out.push_str("</p>\n");
    }
}
