//! Footnotes at the foot of the page, as page building fills it.
//!
//! The lines of referenced notes wait in one queue, in the order of their references; each page
//! takes lines from its front. When a slab with a new reference is added, its note must at
//! least start on that page, and as much of it as fits goes there too (TeX's rule: a note is
//! split only when it does not fit where it is referenced); the rest is carried to the foot of
//! the next page, before that page's own notes. Adding and taking back are O(1) per line, so
//! pagination stays linear.

use super::flow::Slab;

/// Carried-over lines may take this share of a page before the page's own text; the rest goes
/// further.
const CARRY_SHARE: f32 = 0.5;

/// The queue's state at some point, to go back to when a page must end earlier.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    queued: usize,
    taken: usize,
    height: f32,
}

pub struct Foot<'a> {
    /// Each note's lines, indexed by number − 1.
    notes: &'a [Vec<Slab>],
    /// Every referenced note line, in reference order.
    queue: Vec<&'a Slab>,
    /// The note each queued line belongs to (index into `notes`).
    owner: Vec<usize>,
    /// Whether each note is queued yet.
    queued: Vec<bool>,
    /// Lines before this are on earlier pages or at this page's foot.
    taken: usize,
    /// What the lines at this page's foot take, with the rule above them; 0 with none.
    pub height: f32,
    /// Room for the rule above the notes.
    separator: f32,
}

impl<'a> Foot<'a> {
    pub fn new(notes: &'a [Vec<Slab>], separator: f32) -> Self {
        Foot {
            notes,
            queue: Vec::new(),
            owner: Vec::new(),
            queued: vec![false; notes.len()],
            taken: 0,
            height: 0.0,
            separator,
        }
    }

    pub fn mark(&self) -> Mark {
        Mark {
            queued: self.queue.len(),
            taken: self.taken,
            height: self.height,
        }
    }

    /// Forgets what was queued and taken since `mark`.
    pub fn reset(&mut self, mark: Mark) {
        for &note in &self.owner[mark.queued..] {
            self.queued[note] = false;
        }
        self.queue.truncate(mark.queued);
        self.owner.truncate(mark.queued);
        self.taken = mark.taken;
        self.height = mark.height;
    }

    /// A new page: lines carried over go first, up to a share of `available` (all of it on a
    /// page with no text left). Returns the index of the page's first note line.
    pub fn begin_page(&mut self, available: f32, text_left: bool) -> usize {
        let first = self.taken;
        self.height = 0.0;
        let limit = if text_left {
            available * CARRY_SHARE
        } else {
            available
        };
        if self.pending() {
            self.take_one();
        }
        self.take_while_fits(limit);
        first
    }

    /// Queues the notes `slab` references that are not queued yet (and any notes those
    /// reference). Returns the queue index just past the first line of the last new note: what
    /// the page must take for the slab's notes to start on it.
    pub fn refer(&mut self, slab: &Slab) -> Option<usize> {
        let mut due = None;
        let mut pending: Vec<u32> = slab.notes.iter().rev().copied().collect();
        while let Some(number) = pending.pop() {
            let index = (number as usize).wrapping_sub(1);
            let Some(lines) = self.notes.get(index) else {
                continue;
            };
            if self.queued[index] || lines.is_empty() {
                continue;
            }
            self.queued[index] = true;
            due = Some(self.queue.len() + 1);
            for line in lines {
                self.queue.push(line);
                self.owner.push(index);
            }
            pending.extend(lines.iter().flat_map(|l| l.notes.iter()).rev());
        }
        due
    }

    /// The foot's height once it holds every line before `end`.
    pub fn height_to(&self, end: usize) -> f32 {
        let mut height = self.height;
        for line in self.queue.get(self.taken..end).unwrap_or_default() {
            height += self.step(height, line);
        }
        height
    }

    /// Takes every line before `end`.
    pub fn take_to(&mut self, end: usize) {
        while self.taken < end.min(self.queue.len()) {
            self.take_one();
        }
    }

    /// Takes lines while the foot stays within `room`.
    pub fn take_while_fits(&mut self, room: f32) {
        while let Some(line) = self.queue.get(self.taken) {
            if self.height + self.step(self.height, line) > room {
                break;
            }
            self.take_one();
        }
    }

    fn take_one(&mut self) {
        let line = self.queue[self.taken];
        self.height += self.step(self.height, line);
        self.taken += 1;
    }

    /// What one more line adds: the rule above the first, the space between notes after it.
    fn step(&self, height: f32, line: &Slab) -> f32 {
        line.height
            + if height == 0.0 {
                self.separator
            } else {
                line.space_before
            }
    }

    pub fn pending(&self) -> bool {
        self.taken < self.queue.len()
    }

    pub fn taken(&self) -> usize {
        self.taken
    }

    /// All queued lines: page plans index into them.
    pub fn into_lines(self) -> Vec<&'a Slab> {
        self.queue
    }
}
