// The page side of the reading-system test: opens an EPUB in foliate-js (the paginator
// Foliate, and through it the CSS-column readers, use) and measures what a reader would see.
// The engine drivers (chromium.js, webkit.js) load harness.html and call `window.folio.call`;
// every answer is plain JSON, so both engines run exactly this code. It checks nothing itself:
// it reports, and check.js decides.

import './node_modules/foliate-js/view.js'
import { FootnoteHandler } from './node_modules/foliate-js/footnotes.js'

const OPS = 'http://www.idpf.org/2007/ops'

// Anything that goes wrong in a script, the reader's or the book's: uncaught errors, rejected
// promises, and what foliate-js logs with console.error (it catches its own failures).
const errors = []
// Chromium and WebKit report a ResizeObserver that had to skip a frame as an error event; the
// specification calls it a notice (nothing was lost), and foliate-js's paginator causes it.
const NOT_AN_ERROR = /^ResizeObserver loop (completed with undelivered notifications|limit exceeded)/
const noteError = text => NOT_AN_ERROR.test(String(text)) || errors.push(String(text))
window.addEventListener('error', e => noteError(e.filename ? `${e.message} (${e.filename}:${e.lineno})` : e.message))
window.addEventListener('unhandledrejection', e => noteError(`unhandled rejection: ${e.reason?.stack ?? e.reason}`))
const consoleError = console.error.bind(console)
console.error = (...args) => {
    noteError(args.map(a => a?.stack ?? a).join(' '))
    consoleError(...args)
}

let view = null
let lastRelocate = null

/** A section's document once the paginator has loaded it (foliate-js replaces it per section). */
const loaded = new Map()

/** Each section's document is watched for script errors and for resources that fail to load. */
function watchDocument(doc, index) {
    loaded.set(index, doc)
    doc.defaultView?.addEventListener('error', e => noteError(`section ${index}: ${e.message}`))
    // Load errors of images and the like do not bubble; a capturing listener sees them.
    doc.addEventListener('error', e => {
        const what = e.target?.getAttribute?.('src') ?? e.target?.getAttribute?.('href') ?? e.target?.tagName
        noteError(`section ${index}: cannot load ${what}`)
    }, true)
}

/** How long the reader may take to lay out a section or turn a page. */
const LAYOUT_TIMEOUT_MS = 15_000

/** The detail of `target`'s next `name` event; rejects, naming what was awaited, after the
 *  layout timeout. */
const waitFor = (target, name, what) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event within ${LAYOUT_TIMEOUT_MS} ms: ${what}`)), LAYOUT_TIMEOUT_MS)
    target.addEventListener(name, e => { clearTimeout(timer); resolve(e.detail) }, { once: true })
})

/** Two frames: the paginator's resize observer and style changes have run. */
const settle = () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)))

/** Opens the EPUB at `url`, paginated one column to a page, as an e-reader shows it. */
async function open(url) {
    const blob = await (await fetch(url)).blob()
    view = document.createElement('foliate-view')
    document.querySelector('#reader').append(view)
    view.addEventListener('load', e => watchDocument(e.detail.doc, e.detail.index))
    view.addEventListener('relocate', e => { lastRelocate = e.detail })
    await view.open(new File([blob], url.split('/').pop()))
    view.renderer.setAttribute('flow', 'paginated')
    view.renderer.setAttribute('max-column-count', '1')
    view.renderer.setAttribute('margin', '32px')
    view.renderer.setAttribute('gap', '6%')
    const book = view.book
    // The TOC's targets, resolved to spine indexes, in order: the chapters a reader can pick.
    const flatten = items => (items ?? []).flatMap(i => [i, ...flatten(i.subitems)])
    const chapters = []
    for (const item of flatten(book.toc)) {
        const index = book.resolveHref(item.href)?.index
        if (index != null && !chapters.includes(index)) chapters.push(index)
    }
    return { dir: book.dir ?? 'ltr', sections: book.sections.length, chapters }
}

/** Shows spine item `index` from its start and reports what is on it. */
async function show(index) {
    const relocated = waitFor(view, 'relocate', `showing section ${index}`)
    await view.goTo(index)
    await relocated
    await settle()
    return report(index)
}

/** Sets the reader's text size (1 is the book's own), as a reader's font-size setting does,
 *  and reports the section on screen laid out again. */
async function textSize(scale, index) {
    view.renderer.setStyles(`html { font-size: ${scale * 100}% !important; }`)
    await current(index).fonts.ready
    await settle()
    return report(index)
}

/** Turns one page forward and reports where the reader was and is: section, fraction of it,
 *  and the page count of the section on screen. */
async function next() {
    const where = () => ({ index: lastRelocate?.index, fraction: lastRelocate?.fraction, pages: view.renderer.pages - 2 })
    const before = where()
    const relocated = waitFor(view, 'relocate', 'turning the page')
    await view.next()
    await relocated
    await settle()
    return { before, after: where() }
}

const current = index => loaded.get(index) ?? view.renderer.getContents().find(c => c.index === index)?.doc

/** Everything check.js judges about the section on screen. */
async function report(index) {
    const doc = current(index)
    const declared = [...doc.styleSheets].flatMap(sheet => [...sheet.cssRules])
        .filter(rule => rule.constructor.name === 'CSSFontFaceRule').length
    // Every face the book's CSS declares is asked for, used on this page or not.
    await Promise.all([...doc.fonts].map(face => face.load().catch(() => null)))
    await doc.fonts.ready
    const fonts = [...doc.fonts].map(f => ({ family: f.family, weight: f.weight, style: f.style, status: f.status }))
    return {
        index,
        title: doc.querySelector('h1, h2')?.textContent?.trim() ?? '',
        lang: doc.documentElement.lang,
        dir: getComputedStyle(doc.body).direction,
        declaredFonts: declared,
        fonts,
        tooWide: tooWide(doc),
        splitHeadings: splitHeadings(doc),
        noterefs: noterefs(doc).length,
        errors: errors.splice(0),
    }
}

/** A short name for an element in a report: its tag, classes and first words. */
const describe = el => `<${el.localName}${el.className ? ` class="${el.className}"` : ''}> "${(el.textContent ?? '').trim().slice(0, 40)}"`

/** Elements wider than the column, or whose content sticks out of them. */
function tooWide(doc) {
    const column = parseFloat(getComputedStyle(doc.documentElement).columnWidth)
    // Subpixel layout rounds either way; a real overflow is whole pixels.
    const slack = 1.5
    const found = []
    const reported = []
    for (const el of doc.body.querySelectorAll('*')) {
        // A wide table is one finding, not one per row.
        if (reported.some(outer => outer.contains(el))) continue
        // One rectangle per piece: a paragraph broken across columns is two narrow pieces.
        const width = Math.max(0, ...[...el.getClientRects()].map(r => r.width))
        const style = getComputedStyle(el)
        const block = ['block', 'list-item', 'table-cell'].includes(style.display)
        if (width > column + slack || (block && style.overflowX === 'visible' && el.scrollWidth > el.clientWidth + slack)) {
            reported.push(el)
            found.push(`${describe(el)}: ${Math.round(Math.max(width, el.scrollWidth))} px in a ${Math.round(column)} px column`)
        }
    }
    return found
}

/** The rectangle of the first (or last) non-blank character inside `root`, or after `after`. */
function charRect(doc, root, { last = false, after = null } = {}) {
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    let node, found = null
    if (after) {
        walker.currentNode = after
        // Skip the heading's own text: the walk starts past its last descendant.
        let end = after
        while (end.lastChild) end = end.lastChild
        walker.currentNode = end
    }
    while ((node = walker.nextNode())) {
        if (!node.data.trim()) continue
        if (!last) { found = node; break }
        found = node
    }
    if (!found) return null
    const offset = last ? found.data.trimEnd().length - 1 : found.data.search(/\S/)
    const range = doc.createRange()
    range.setStart(found, offset)
    range.setEnd(found, offset + 1)
    return range.getClientRects()[0] ?? null
}

/** Headings whose last line ends a page while the text that follows starts the next. */
function splitHeadings(doc) {
    const page = view.renderer.size
    const pageOf = rect => Math.floor((rect.left + rect.right) / 2 / page)
    const found = []
    for (const heading of doc.body.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
        const end = charRect(doc, heading, { last: true })
        const following = charRect(doc, doc.body, { after: heading })
        if (end && following && pageOf(end) !== pageOf(following))
            found.push(`${describe(heading)} ends page ${pageOf(end)}, its next line starts page ${pageOf(following)}`)
    }
    return found
}

const noterefs = doc => [...doc.querySelectorAll('a[href]')]
    .filter(a => (a.getAttributeNS(OPS, 'type') ?? '').split(/\s+/).includes('noteref'))

const squash = text => (text ?? '').replace(/\s+/g, ' ').trim()

/** Pops up every note referenced on section `index` as Foliate does, one at a time; reports
 *  each pop-up's kind and text beside the text of the element the link points to. The last
 *  pop-up stays on screen (for the screenshot) until `closeNote`. */
async function notes(index) {
    const doc = current(index)
    const book = view.book
    const results = []
    for (const a of noterefs(doc)) {
        const href = book.sections[index].resolveHref(a.getAttribute('href'))
        const target = await book.resolveHref(href)
        const source = await book.sections[target.index].createDocument()
        const expected = squash(target.anchor(source)?.textContent)
        const handler = new FootnoteHandler()
        const box = document.querySelector('#note')
        handler.addEventListener('before-render', e => {
            closeNote()
            box.replaceChildren(e.detail.view)
            e.detail.view.renderer.setAttribute('flow', 'scrolled')
        })
        const rendered = waitFor(handler, 'render', `the pop-up of note ${a.getAttribute('href')}`)
        const handled = handler.handle(book, { detail: { a, href }, preventDefault() {} })
        if (!handled) {
            results.push({ ref: squash(a.textContent), href, popped: false, expected })
            continue
        }
        const detail = await Promise.race([rendered, handled.then(() => rendered)])
        box.hidden = false
        const shown = squash(detail.view.renderer.getContents()[0]?.doc?.body?.textContent)
        results.push({ ref: squash(a.textContent), href, popped: true, type: detail.type, shown, expected })
    }
    return { results, errors: errors.splice(0) }
}

/** Closes the pop-up as a reader does: its view is closed before it leaves the page (a view
 *  removed while open would still lay out its detached frame). */
function closeNote() {
    const box = document.querySelector('#note')
    box.hidden = true
    for (const popup of box.querySelectorAll('foliate-view')) popup.close()
    box.replaceChildren()
}

const calls = { open, show, textSize, next, notes, closeNote }

window.folio = {
    ready: true,
    /** Runs call `name` with `args`; the answer is JSON-able. */
    call: (name, args) => Promise.resolve(calls[name](...(args ?? []))),
}
