//! Knuth–Plass total-fit line breaking over boxes, glue and penalties.
//!
//! A paragraph arrives as [`Item`]s whose widths are final (already shaped). Every feasible
//! breakpoint is scored by the demerits of the lines leading to it, and the breaks with the least
//! total demerits over the whole paragraph win, so a tight line early can be traded for a better
//! one later, which a greedy breaker cannot do. The run of hyphenated lines is a hard limit
//! ([`Params::max_hyphen_run`]), not only a cost, so it is part of the search state. When no set
//! of breaks fits the tolerance, even with emergency stretch, [`break_lines`] falls back to first
//! fit and reports the overfull lines instead of failing.
//!
//! Two refinements of pdfTeX's microtypography are part of the measuring (both off in
//! [`Params::default`], for ragged text): punctuation at a line's ends may hang into the margin
//! ([`Hang`]), so the line holds that much more, and the glyphs of a line may be scaled
//! horizontally by up to [`Params::expansion`], which adds to the glue's stretch and shrink; the
//! adjustment ratio then spreads over both, as one.

/// One element of a paragraph in the Knuth–Plass model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Unbreakable material (a shaped word or word fragment) of fixed width. `expand` is the
    /// part of the width whose glyphs may be scaled (0 for code and images); `hang` how far its
    /// first and last glyphs may stick out of a line they start or end.
    Box { width: f32, expand: f32, hang: Hang },
    /// A stretchable space. A line that breaks here drops it.
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    /// A possible break with a cost; `width` counts only if the line breaks here (a hyphen,
    /// whose glyph scales with the line's).
    /// `flagged` marks hyphen breaks, whose runs are limited; `hang` is how far the hyphen may
    /// stick out into the right margin.
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
        hang: f32,
    },
}

impl Item {
    /// A box that neither stretches nor hangs (images, anchors).
    pub fn rigid(width: f32) -> Item {
        Item::Box {
            width,
            expand: 0.0,
            hang: Hang::default(),
        }
    }

    /// A break costing `cost` that adds nothing to the line.
    pub fn penalty(cost: f32, flagged: bool) -> Item {
        Item::Penalty {
            width: 0.0,
            cost,
            flagged,
            hang: 0.0,
        }
    }
}

/// How far a box's first glyph may hang into the left margin and its last into the right one
/// when they start or end a line (character protrusion), in the units of the widths.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Hang {
    pub left: f32,
    pub right: f32,
}

/// A cost at or above this forbids a break; at or below its negative it forces one.
pub const INFINITY_PENALTY: f32 = 10_000.0;

/// Stretch that acts as infinite (TeX's `fil`) while keeping the arithmetic finite.
pub const FILL: f32 = 1.0e6;

#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// The largest stretch ratio a line may have. TeX's `\tolerance=200` is about 1.26; we allow
    /// a little more because our text fonts' spaces stretch less than Computer Modern's.
    pub tolerance: f32,
    /// Added to each line's badness before squaring (TeX's `\linepenalty=10`); favours fewer lines.
    pub line_penalty: f32,
    /// Extra demerits for two hyphenated lines in a row (TeX's `\doublehyphendemerits`).
    pub double_hyphen_demerits: f32,
    /// Extra demerits when adjacent lines are more than one fitness class apart (TeX's
    /// `\adjdemerits`): a very loose line under a tight one reads as a hole.
    pub fitness_demerits: f32,
    /// At most this many hyphenated lines in a row.
    pub max_hyphen_run: u8,
    /// Extra stretch per line allowed in a second pass before falling back to first fit
    /// (TeX's `\emergencystretch`), in the units of the widths.
    pub emergency_stretch: f32,
    /// Let punctuation at the ends of a line hang into the margins by its [`Hang`].
    pub protrusion: bool,
    /// The largest horizontal scaling of a line's glyphs either way, as a fraction (0.02: from
    /// 98 % to 102 %); 0 sets every glyph at its natural width.
    pub expansion: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            tolerance: 1.5,
            line_penalty: 10.0,
            double_hyphen_demerits: 3000.0,
            fitness_demerits: 100.0,
            max_hyphen_run: 2,
            emergency_stretch: 0.0,
            protrusion: false,
            expansion: 0.0,
        }
    }
}

/// Glyph scalings are chosen in steps of this (0.1 %); the glue takes up the remainder, so a
/// page has few distinct scalings and each is written exactly.
const SCALE_STEP: f32 = 0.001;

/// A chosen break: the index of the glue or penalty that ends the line, and how the line is
/// set: `ratio` stretches its glue by that fraction of the glue's total stretch (negative:
/// shrinks it), `scale` widens its expandable glyphs (1: natural width), and the line's first
/// and last glyphs hang into the margins by `hang`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub index: usize,
    pub ratio: f32,
    pub scale: f32,
    pub hang: Hang,
}

impl Break {
    /// A break set with plain glue: no scaling, nothing hanging.
    fn plain(index: usize, ratio: f32) -> Break {
        Break {
            index,
            ratio,
            scale: 1.0,
            hang: Hang::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    pub breaks: Vec<Break>,
    /// Line numbers (indices into `breaks`) wider than their measure; only first fit makes them.
    pub overfull: Vec<usize>,
    /// No breaks met the tolerance: the lines come from first fit and some may be very loose.
    pub fallback: bool,
}

/// Appends the standard paragraph ending, fill glue and a forced break, so the last line keeps
/// its natural spacing rather than being stretched to the measure.
pub fn finish_paragraph(items: &mut Vec<Item>) {
    while matches!(items.last(), Some(Item::Glue { .. })) {
        items.pop();
    }
    items.push(Item::penalty(INFINITY_PENALTY, false));
    items.push(Item::Glue {
        width: 0.0,
        stretch: FILL,
        shrink: 0.0,
    });
    items.push(Item::penalty(-INFINITY_PENALTY, false));
}

/// Breaks a paragraph (ending as [`finish_paragraph`] leaves it) into lines; `width(n)` is the
/// measure of line `n`, counted from 0, so indented or hanging first lines work.
pub fn break_lines(items: &[Item], width: &dyn Fn(usize) -> f32, params: &Params) -> Broken {
    let mut extras = vec![0.0];
    if params.emergency_stretch > 0.0 {
        extras.push(params.emergency_stretch);
    }
    for extra_stretch in extras {
        let breaker = Breaker {
            items,
            width,
            params,
            extra_stretch,
            nodes: Vec::new(),
            active: Vec::new(),
        };
        if let Some(breaks) = breaker.run() {
            return Broken {
                breaks,
                overfull: Vec::new(),
                fallback: false,
            };
        }
    }
    first_fit(items, width, params.max_hyphen_run)
}

/// Widths, stretch and shrink summed from the paragraph start.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    width: f32,
    stretch: f32,
    shrink: f32,
    /// Width of glyphs that may be scaled.
    expand: f32,
}

impl Sums {
    /// Adds what `item` contributes to a line it is inside of: a penalty's width counts only
    /// when the line ends there, so it adds nothing.
    fn add(&mut self, item: &Item) {
        match *item {
            Item::Box { width, expand, .. } => {
                self.width += width;
                self.expand += expand;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
            } => {
                self.width += width;
                self.stretch += stretch;
                self.shrink += shrink;
            }
            Item::Penalty { .. } => {}
        }
    }
}

/// A feasible break, linked to the best break before it.
#[derive(Debug, Clone, Copy)]
struct Node {
    index: usize,
    /// Lines set before this break; the next line is number `line`.
    line: usize,
    fitness: u8,
    hyphen_run: u8,
    /// Sums at the start of the line after this break.
    start: Sums,
    /// How far the first glyph of the line after this break may hang into the left margin.
    next_hang: f32,
    demerits: f32,
    /// How the line ending here is set.
    set: Set,
    previous: Option<usize>,
}

/// How a line is set: its glue ratio, glyph scaling and hangs (see [`Break`]).
#[derive(Debug, Clone, Copy)]
struct Set {
    ratio: f32,
    scale: f32,
    hang: Hang,
}

/// How a line fills its measure: `ratio` over glue and glyphs together (what badness and
/// fitness judge), and the glyph scaling and glue ratio that make it up.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Fit {
    ratio: f32,
    scale: f32,
    glue: f32,
}

/// Fills `measure` with a line of `natural` width whose glue stretches by `stretch` and shrinks
/// by `shrink` and whose glyphs of width `expand` may scale by `expansion` either way. The
/// glyphs take their share of the adjustment up to their limit, rounded to [`SCALE_STEP`], and
/// the glue takes the rest.
fn fit(measure: f32, natural: f32, line: Sums, expansion: f32) -> Fit {
    let gap = measure - natural;
    let (glue, glyphs) = if gap > 0.0 {
        (line.stretch, expansion * line.expand)
    } else if gap < 0.0 {
        (line.shrink, expansion * line.expand)
    } else {
        return Fit {
            ratio: 0.0,
            scale: 1.0,
            glue: 0.0,
        };
    };
    let total = glue + glyphs;
    if total <= 0.0 {
        let ratio = f32::INFINITY.copysign(gap);
        return Fit {
            ratio,
            scale: 1.0,
            glue: ratio,
        };
    }
    let ratio = gap / total;
    let mut scale = 1.0;
    if glyphs > 0.0 {
        let steps = (ratio.clamp(-1.0, 1.0) * expansion / SCALE_STEP).round();
        scale = 1.0 + steps * SCALE_STEP;
    }
    let rest = gap - (scale - 1.0) * line.expand;
    let glue = if glue > 0.0 { rest / glue } else { 0.0 };
    Fit { ratio, scale, glue }
}

/// TeX's fitness classes: 0 tight, 1 decent, 2 loose, 3 very loose.
fn fitness_class(ratio: f32) -> u8 {
    match ratio {
        r if r < -0.5 => 0,
        r if r <= 0.5 => 1,
        r if r <= 1.0 => 2,
        _ => 3,
    }
}

struct Breaker<'a> {
    items: &'a [Item],
    width: &'a dyn Fn(usize) -> f32,
    params: &'a Params,
    extra_stretch: f32,
    nodes: Vec<Node>,
    /// Indices into `nodes` of the breaks a line may still start from.
    active: Vec<usize>,
}

/// The best way found so far to reach the current breakpoint in one fitness class and hyphen run.
struct Candidate {
    fitness: u8,
    hyphen_run: u8,
    demerits: f32,
    set: Set,
    from: usize,
}

/// A breakpoint as [`Breaker::consider`] weighs it.
#[derive(Debug, Clone, Copy)]
struct Breakpoint {
    index: usize,
    cost: f32,
    /// Width the line gets when it ends here (a hyphen).
    width: f32,
    flagged: bool,
    /// How far the line's last glyph may hang into the right margin.
    hang: f32,
}

impl Breaker<'_> {
    fn run(mut self) -> Option<Vec<Break>> {
        let start = Node {
            index: 0,
            line: 0,
            fitness: 1,
            hyphen_run: 0,
            start: Sums::default(),
            next_hang: self.left_hang(0),
            demerits: 0.0,
            set: Set {
                ratio: 0.0,
                scale: 1.0,
                hang: Hang::default(),
            },
            previous: None,
        };
        self.nodes.push(start);
        self.active.push(0);
        let mut sums = Sums::default();
        for (i, item) in self.items.iter().enumerate() {
            match *item {
                Item::Box { .. } => sums.add(item),
                Item::Glue { .. } => {
                    if i > 0 && matches!(self.items[i - 1], Item::Box { .. }) {
                        let at = Breakpoint {
                            index: i,
                            cost: 0.0,
                            width: 0.0,
                            flagged: false,
                            hang: self.right_hang(i),
                        };
                        self.consider(at, sums);
                    }
                    sums.add(item);
                }
                Item::Penalty {
                    width,
                    cost,
                    flagged,
                    ..
                } if cost < INFINITY_PENALTY => {
                    let at = Breakpoint {
                        index: i,
                        cost,
                        width,
                        flagged,
                        hang: self.right_hang(i),
                    };
                    self.consider(at, sums);
                }
                Item::Penalty { .. } => {}
            }
            if self.active.is_empty() {
                return None;
            }
        }
        let last = self.items.len().checked_sub(1)?;
        let best = self
            .active
            .iter()
            .copied()
            .filter(|&n| self.nodes[n].index == last)
            .min_by(|&a, &b| self.nodes[a].demerits.total_cmp(&self.nodes[b].demerits))?;
        let mut breaks = Vec::new();
        let mut node = self.nodes[best];
        while let Some(previous) = node.previous {
            breaks.push(Break {
                index: node.index,
                ratio: node.set.ratio,
                scale: node.set.scale,
                hang: node.set.hang,
            });
            node = self.nodes[previous];
        }
        breaks.reverse();
        Some(breaks)
    }

    /// How far the last glyph of a line ending at item `index` may hang out: the hyphen a
    /// penalty adds, or else the box before the break.
    fn right_hang(&self, index: usize) -> f32 {
        if !self.params.protrusion {
            return 0.0;
        }
        match self.items[index] {
            Item::Penalty { width, hang, .. } if width > 0.0 => hang,
            _ => match index.checked_sub(1).map(|j| self.items[j]) {
                Some(Item::Box { hang, .. }) => hang.right,
                _ => 0.0,
            },
        }
    }

    /// How far the first glyph of a line starting at item `index` may hang out: the first box's.
    fn left_hang(&self, index: usize) -> f32 {
        if !self.params.protrusion {
            return 0.0;
        }
        self.items[index..]
            .iter()
            .find_map(|item| match item {
                Item::Box { hang, .. } => Some(hang.left),
                _ => None,
            })
            .unwrap_or(0.0)
    }

    /// Tries a break at `at` from every active node, retiring nodes no line can start from any
    /// more, and records the best new node per fitness class and hyphen run.
    fn consider(&mut self, at: Breakpoint, sums: Sums) {
        let forced = at.cost <= -INFINITY_PENALTY;
        let (params, width, extra) = (self.params, self.width, self.extra_stretch);
        let nodes = &self.nodes;
        let mut candidates: Vec<Candidate> = Vec::new();
        self.active.retain(|&id| {
            let node = nodes[id];
            let measure = width(node.line);
            let hang = Hang {
                left: node.next_hang,
                right: at.hang,
            };
            let natural = sums.width - node.start.width + at.width - hang.left - hang.right;
            let line = Sums {
                width: natural,
                stretch: sums.stretch - node.start.stretch + extra,
                shrink: sums.shrink - node.start.shrink,
                // The hyphen a break adds is text and scales with the line.
                expand: sums.expand - node.start.expand + at.width,
            };
            let fit = fit(measure, natural, line, params.expansion);
            let ratio = fit.ratio;
            let hyphen_run = if at.flagged { node.hyphen_run + 1 } else { 0 };
            if (-1.0..=params.tolerance).contains(&ratio) && hyphen_run <= params.max_hyphen_run {
                let badness = 100.0 * ratio.abs().powi(3);
                let mut demerits = (params.line_penalty + badness).powi(2);
                // A forced break's cost is not a choice, so it adds nothing.
                if !forced {
                    // TeX: add the square of a cost, subtract the square of a bonus.
                    demerits += at.cost * at.cost.abs();
                }
                if at.flagged && node.hyphen_run > 0 {
                    demerits += params.double_hyphen_demerits;
                }
                let fitness = fitness_class(ratio);
                if fitness.abs_diff(node.fitness) > 1 {
                    demerits += params.fitness_demerits;
                }
                let demerits = node.demerits + demerits;
                let set = Set {
                    ratio: fit.glue,
                    scale: fit.scale,
                    hang,
                };
                let candidate = Candidate {
                    fitness,
                    hyphen_run,
                    demerits,
                    set,
                    from: id,
                };
                match candidates
                    .iter_mut()
                    .find(|c| c.fitness == fitness && c.hyphen_run == hyphen_run)
                {
                    Some(c) if c.demerits <= demerits => {}
                    Some(c) => *c = candidate,
                    None => candidates.push(candidate),
                }
            }
            // A line already too wide only gets wider; nothing spans a forced break.
            ratio >= -1.0 && !forced
        });
        let start = self.line_start_after(at.index, sums);
        let next_hang = self.left_hang(at.index + 1);
        for c in candidates {
            let line = self.nodes[c.from].line + 1;
            self.nodes.push(Node {
                index: at.index,
                line,
                fitness: c.fitness,
                hyphen_run: c.hyphen_run,
                start,
                next_hang,
                demerits: c.demerits,
                set: c.set,
                previous: Some(c.from),
            });
            self.active.push(self.nodes.len() - 1);
        }
    }

    /// Sums at the start of the line after a break at `index`: glue and penalties after the
    /// break vanish up to the next box, as in TeX.
    fn line_start_after(&self, index: usize, mut sums: Sums) -> Sums {
        for (j, item) in self.items.iter().enumerate().skip(index) {
            match *item {
                Item::Box { .. } => break,
                Item::Glue { .. } => sums.add(item),
                Item::Penalty { cost, .. } if cost <= -INFINITY_PENALTY && j > index => break,
                Item::Penalty { .. } => {}
            }
        }
        sums
    }
}

/// First fit: each line ends at the last break that fits; a box wider than the measure on its
/// own makes an overfull line that ends at the first break after it. After `max_hyphen_run`
/// hyphenated lines the next line may not end in a hyphen either, unless nothing else fits.
fn first_fit(items: &[Item], width: &dyn Fn(usize) -> f32, max_hyphen_run: u8) -> Broken {
    let mut broken = Broken {
        breaks: Vec::new(),
        overfull: Vec::new(),
        fallback: true,
    };
    let mut start = 0;
    let mut hyphen_run = 0;
    while start < items.len() {
        let measure = width(broken.breaks.len());
        let mut sums = Sums::default();
        let mut last_fit: Option<Break> = None;
        // The last fit that would not lengthen a run of hyphens past its limit.
        let mut last_allowed: Option<Break> = None;
        let mut end: Option<(Break, bool)> = None;
        for (i, item) in items.iter().enumerate().skip(start) {
            if let Some((penalty_width, forced)) = breakpoint(items, i, start) {
                let natural = sums.width + penalty_width;
                if natural > measure {
                    end = Some(match last_allowed.or(last_fit) {
                        Some(fit) => (fit, false),
                        None => (Break::plain(i, -1.0), true),
                    });
                    break;
                }
                let ratio = if forced {
                    0.0
                } else {
                    stretch_ratio(measure, natural, sums)
                };
                let fit = Break::plain(i, ratio);
                if forced {
                    end = Some((fit, false));
                    break;
                }
                last_fit = Some(fit);
                if !flagged(items[i]) || hyphen_run < max_hyphen_run {
                    last_allowed = Some(fit);
                }
            }
            sums.add(item);
        }
        let Some((line_end, too_wide)) = end.or(last_allowed.or(last_fit).map(|fit| (fit, false)))
        else {
            break;
        };
        hyphen_run = if flagged(items[line_end.index]) {
            hyphen_run + 1
        } else {
            0
        };
        if too_wide {
            broken.overfull.push(broken.breaks.len());
        }
        broken.breaks.push(line_end);
        start = line_end.index + 1;
        while start < items.len() && !starts_line(items[start]) {
            start += 1;
        }
    }
    broken
}

/// A hyphen break (whose runs are limited).
fn flagged(item: Item) -> bool {
    matches!(item, Item::Penalty { flagged: true, .. })
}

/// Material that survives a line break: a box, or a forced break (which ends a line of its own).
fn starts_line(item: Item) -> bool {
    match item {
        Item::Box { .. } => true,
        Item::Penalty { cost, .. } => cost <= -INFINITY_PENALTY,
        Item::Glue { .. } => false,
    }
}

/// Whether a line starting at `start` may end at item `i`: `Some((width added, forced))`.
fn breakpoint(items: &[Item], i: usize, start: usize) -> Option<(f32, bool)> {
    match items[i] {
        Item::Glue { .. } if i > start && matches!(items[i - 1], Item::Box { .. }) => {
            Some((0.0, false))
        }
        Item::Penalty { width, cost, .. } if cost < INFINITY_PENALTY => {
            Some((width, cost <= -INFINITY_PENALTY))
        }
        _ => None,
    }
}

/// A first-fit line's glue stretches only as far as it fits the measure (it never shrinks).
fn stretch_ratio(measure: f32, natural: f32, sums: Sums) -> f32 {
    if sums.stretch > 0.0 {
        (measure - natural) / sums.stretch
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Proportions of a text face's interword space against word widths of 10 to 32 units.
    const SPACE: Item = Item::Glue {
        width: 3.0,
        stretch: 2.0,
        shrink: 1.0,
    };

    /// Words of the given widths separated by spaces; `hyphen_cost` splits each word in two with
    /// a flagged hyphen penalty of that cost (width 2) between the halves.
    fn paragraph(words: &[f32], hyphen_cost: Option<f32>) -> Vec<Item> {
        let mut items = Vec::new();
        for (i, &w) in words.iter().enumerate() {
            if i > 0 {
                items.push(SPACE);
            }
            if let Some(cost) = hyphen_cost {
                items.push(Item::rigid(w / 2.0));
                items.push(Item::Penalty {
                    width: 2.0,
                    cost,
                    flagged: true,
                    hang: 0.0,
                });
                items.push(Item::rigid(w / 2.0));
            } else {
                items.push(Item::rigid(w));
            }
        }
        finish_paragraph(&mut items);
        items
    }

    /// The natural width, stretch and shrink of each line the breaks make.
    fn lines(items: &[Item], breaks: &[Break]) -> Vec<(f32, f32, f32)> {
        let mut start = 0;
        let mut out = Vec::new();
        for b in breaks {
            let mut sums = Sums::default();
            for item in &items[start..b.index] {
                sums.add(item);
            }
            if let Item::Penalty { width, .. } = items[b.index] {
                sums.width += width;
            }
            out.push((sums.width, sums.stretch, sums.shrink));
            start = b.index + 1;
            while start < items.len() && !matches!(items[start], Item::Box { .. }) {
                start += 1;
            }
        }
        out
    }

    fn varied_words(n: usize) -> Vec<f32> {
        (0..n).map(|i| 10.0 + ((i * 37) % 23) as f32).collect()
    }

    #[test]
    fn every_line_fits_within_tolerance_and_the_last_is_natural() {
        let items = paragraph(&varied_words(120), None);
        let params = Params::default();
        let broken = break_lines(&items, &|_| 300.0, &params);
        assert!(!broken.fallback && broken.overfull.is_empty());
        assert_eq!(broken.breaks.last().unwrap().index, items.len() - 1);
        let measured = lines(&items, &broken.breaks);
        for (n, (b, &(natural, stretch, shrink))) in broken.breaks.iter().zip(&measured).enumerate()
        {
            assert!(
                b.ratio >= -1.0 && b.ratio <= params.tolerance,
                "line {n}: ratio {}",
                b.ratio
            );
            let set = natural
                + if b.ratio >= 0.0 {
                    b.ratio * stretch
                } else {
                    b.ratio * shrink
                };
            if n + 1 < measured.len() {
                assert!(
                    (set - 300.0).abs() < 0.01,
                    "line {n} is set to {set}, not the measure"
                );
            } else {
                assert!(
                    natural <= 300.0 && b.ratio < 0.01,
                    "last line: ratio {}",
                    b.ratio
                );
            }
        }
    }

    #[test]
    fn total_fit_is_no_worse_than_first_fit() {
        // Sum of squared ratios as a proxy for how even the spacing looks.
        let unevenness = |breaks: &[Break]| -> f32 {
            breaks[..breaks.len() - 1]
                .iter()
                .map(|b| b.ratio * b.ratio)
                .sum::<f32>()
        };
        for seed in [40, 80, 160] {
            let items = paragraph(&varied_words(seed), None);
            let total = break_lines(&items, &|_| 300.0, &Params::default());
            assert!(!total.fallback);
            let greedy = first_fit(&items, &|_| 300.0, 2);
            assert!(unevenness(&total.breaks) <= unevenness(&greedy.breaks) + 1e-3);
        }
    }

    #[test]
    fn no_more_than_two_hyphenated_lines_in_a_row() {
        // After a first line of a word, half a word and a hyphen (20+3+10+2 = 35), every line of
        // half a word, a word, half a word and a hyphen (10+3+20+3+10+2 = 48) is exactly the
        // measure, and no double-hyphen demerits apply: only the hard limit can stop every line
        // from ending in a hyphen.
        let items = paragraph(&[20.0; 60], Some(50.0));
        let params = Params {
            tolerance: 10.0,
            double_hyphen_demerits: 0.0,
            ..Params::default()
        };
        let broken = break_lines(&items, &|line| if line == 0 { 35.0 } else { 48.0 }, &params);
        assert!(!broken.fallback);
        let flagged: Vec<bool> = broken
            .breaks
            .iter()
            .map(|b| matches!(items[b.index], Item::Penalty { flagged: true, .. }))
            .collect();
        assert!(
            flagged.windows(2).any(|w| w[0] && w[1]),
            "the test must make hyphen runs attractive"
        );
        assert!(
            !flagged.windows(3).any(|w| w.iter().all(|&f| f)),
            "{flagged:?}"
        );
    }

    #[test]
    fn line_widths_may_differ_per_line() {
        let items = paragraph(&varied_words(30), None);
        let broken = break_lines(
            &items,
            &|line| if line == 0 { 100.0 } else { 250.0 },
            &Params::default(),
        );
        let measured = lines(&items, &broken.breaks);
        assert!(measured[0].0 <= 100.0 + measured[0].2);
        assert!(
            measured[1].0 > 100.0 + measured[1].2,
            "the second line uses the wider measure"
        );
    }

    #[test]
    fn an_unbreakable_box_wider_than_the_measure_is_overfull_not_lost() {
        let items = paragraph(&[20.0, 500.0, 20.0, 20.0], None);
        let broken = break_lines(&items, &|_| 100.0, &Params::default());
        assert_eq!(broken.overfull.len(), 1);
        assert_eq!(broken.breaks.last().unwrap().index, items.len() - 1);
        let measured = lines(&items, &broken.breaks);
        assert!(measured[broken.overfull[0]].0 >= 500.0);
        let boxes: f32 = measured.iter().map(|l| l.0).sum();
        assert!(boxes >= 560.0, "every box is on some line");
    }

    #[test]
    fn emergency_stretch_rescues_loose_paragraphs_before_first_fit() {
        // Two long words: the only break leaves a very loose first line.
        let items = paragraph(&[60.0, 60.0], None);
        let strict = Params {
            tolerance: 1.0,
            ..Params::default()
        };
        let narrow = |_| 100.0;
        assert!(break_lines(&items, &narrow, &strict).fallback);
        let relaxed = Params {
            emergency_stretch: 50.0,
            ..strict
        };
        let broken = break_lines(&items, &narrow, &relaxed);
        assert!(!broken.fallback);
        assert_eq!(broken.breaks.len(), 2);
    }

    #[test]
    fn first_fit_also_stops_a_third_hyphen_in_a_row() {
        // The first three lines could each end in a hyphen (see the test above); with a limit
        // of two the third takes the space before instead.
        let items = paragraph(&[20.0; 60], Some(50.0));
        let width = |line| if line == 0 { 35.0 } else { 48.0 };
        let ends = |limit| -> Vec<bool> {
            let broken = first_fit(&items, &width, limit);
            broken.breaks[..3]
                .iter()
                .map(|b| flagged(items[b.index]))
                .collect()
        };
        assert_eq!(ends(3), [true, true, true]);
        assert_eq!(ends(2), [true, true, false]);
    }

    #[test]
    fn expansion_shares_the_adjustment_and_stays_within_its_limit() {
        let line = Sums {
            width: 0.0,
            stretch: 10.0,
            shrink: 5.0,
            expand: 500.0,
        };
        // Glue and glyphs stretch 10 + 10: a gap of 10 is half of it.
        let half = fit(510.0, 500.0, line, 0.02);
        assert!((half.ratio - 0.5).abs() < 1e-4 && (half.scale - 1.01).abs() < 1e-4);
        assert!((half.glue - 0.5).abs() < 1e-3);
        // Past the glyphs' limit the glue takes the rest.
        let wide = fit(530.0, 500.0, line, 0.02);
        assert!((wide.scale - 1.02).abs() < 1e-4 && (wide.glue - 2.0).abs() < 1e-3);
        let tight = fit(490.0, 500.0, line, 0.02);
        assert!(tight.scale >= 0.98 && tight.scale < 1.0 && tight.glue < 0.0);
        assert_eq!(fit(510.0, 500.0, line, 0.0).scale, 1.0);
    }

    #[test]
    fn hanging_punctuation_lets_a_line_hold_more_and_is_reported() {
        // Three words of 30 and two spaces of 3 make 96, 2 more than the spaces can shrink to
        // fit 93.5; the last word's stop may hang by 3.
        let word = |hang: f32| Item::Box {
            width: 30.0,
            expand: 0.0,
            hang: Hang {
                left: 0.0,
                right: hang,
            },
        };
        let mut items = vec![word(0.0), SPACE, word(0.0), SPACE, word(3.0), SPACE];
        items.extend([word(0.0), SPACE, word(0.0)]);
        finish_paragraph(&mut items);
        let strict = Params {
            tolerance: 10.0,
            ..Params::default()
        };
        let params = Params {
            protrusion: true,
            ..strict
        };
        let broken = break_lines(&items, &|_| 93.5, &params);
        assert_eq!(
            broken.breaks[0].index, 5,
            "the stop hangs, so three words fit"
        );
        assert_eq!(broken.breaks[0].hang.right, 3.0);
        assert!((broken.breaks[0].ratio - 0.125).abs() < 1e-4);
        let plain = break_lines(&items, &|_| 93.5, &strict);
        assert_eq!(
            plain.breaks[0].index, 3,
            "without the hang the third word does not fit"
        );
    }
}
