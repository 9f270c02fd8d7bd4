// What the reading-system test checks, the same in every engine: each EPUB is opened in
// foliate-js (harness.html), every chapter its table of contents lists is shown from its start,
// and the reports harness.js makes are judged here. An engine script (chromium.js, webkit.js)
// only supplies a page: `load(url)`, `call(name, args)` and `screenshot(file)`.
//
// Usage (through an engine script):
//   node ENGINE.js --artifacts DIR [--rtl NAME]... BOOK.epub...
// --rtl NAME: the book NAME.epub is right to left (it must report `rtl` and page that way).
// Screenshots go to DIR/ENGINE/NAME-*.png. Exit status 1 when any book fails a check.

import { createServer } from 'node:http'
import { createReadStream, mkdirSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))

/** The window the books are read in: a 6-inch e-reader's shape, in CSS pixels. */
export const VIEWPORT = { width: 600, height: 800 }

/** The reader's text size for the page-turn check: twice the book's. */
const LARGE_TYPE = 2

/** A note's pop-up kinds that a reader shows over the page. */
const NOTE_TYPES = ['footnote', 'endnote', 'note']

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.epub': 'application/epub+zip', '.json': 'application/json' }

/** Serves this folder (the harness and foliate-js) and `/books/NAME` from `books`, on a free
 *  local port. */
function serve(books) {
    const server = createServer((request, response) => {
        const path = decodeURIComponent(new URL(request.url, 'http://x').pathname)
        const file = path.startsWith('/books/') ? books.get(path.slice('/books/'.length)) : resolve(HERE, `.${path}`)
        if (!file || !file.startsWith(HERE) && !path.startsWith('/books/')) {
            response.writeHead(404).end()
            return
        }
        const stream = createReadStream(file)
        stream.on('error', () => response.writeHead(404).end())
        stream.on('open', () => {
            response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
            stream.pipe(response)
        })
    })
    return new Promise(done => server.listen(0, '127.0.0.1', () => done(server)))
}

function parseArguments(argv) {
    const options = { artifacts: null, rtl: new Set(), books: [] }
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--artifacts') options.artifacts = argv[++i]
        else if (argv[i] === '--rtl') options.rtl.add(argv[++i])
        else options.books.push(argv[i])
    }
    if (!options.artifacts || options.books.length === 0) {
        console.error('usage: node ENGINE.js --artifacts DIR [--rtl NAME]... BOOK.epub...')
        process.exit(2)
    }
    return options
}

/** One book's checks; returns its failures (empty when it passes) and a summary line. */
async function checkBook(page, url, name, expectRtl, shots) {
    const failures = []
    const warnings = []
    const fail = text => failures.push(text)
    const warn = text => warnings.push(text)
    const shot = async label => page.screenshot(join(shots, `${name}-${label}.png`))
    await page.load(url)
    const book = await page.call('open', [`/books/${name}.epub`])
    const chapters = book.chapters.length > 0 ? book.chapters : [0]
    let notes = 0
    let rtlText = false
    for (const [n, index] of chapters.entries()) {
        const report = await page.call('show', [index])
        await shot(`${String(n + 1).padStart(2, '0')}-section-${index}`)
        judgePage(report, fail)
        rtlText ||= report.dir === 'rtl'
        if (report.noterefs > 0) {
            const popped = await page.call('notes', [index])
            await shot(`${String(n + 1).padStart(2, '0')}-section-${index}-note`)
            await page.call('closeNote')
            judgeNotes(report.index, popped, fail)
            notes += popped.results.length
        }
    }
    // The first chapter again in large type (a reader's font-size setting), so even a one-page
    // article has a second page; then one page on, which must come in the book's direction.
    // Layout in large type is reported, not failed: there a table's longest words may outgrow
    // the column, and WebKit ignores `page-break-after: avoid` between blocks in columns.
    await page.call('show', [chapters[0]])
    judgePage(await page.call('textSize', [LARGE_TYPE, chapters[0]]), fail, warn, ' in large type')
    await shot('large-type-1')
    const turn = await page.call('next')
    await shot('large-type-2')
    const advanced = turn.after.index > turn.before.index
        || (turn.after.index === turn.before.index && turn.after.fraction > turn.before.fraction)
    if (!advanced) fail(`the next page did not advance: ${JSON.stringify(turn)}`)
    if (expectRtl && book.dir !== 'rtl') fail(`a right-to-left book, but foliate-js reads its direction as ${book.dir}`)
    if (rtlText && book.dir !== 'rtl') fail('its text runs right to left but its pages turn left to right (no page-progression-direction="rtl")')
    if (expectRtl && !rtlText) fail('a right-to-left book, but its text is laid out left to right')
    const summary = `${chapters.length} chapter(s), ${notes} note(s) popped up, direction ${book.dir}`
    return { failures, warnings, summary }
}

/** A shown section: no script errors, every declared face loaded, nothing wider than the
 *  column, no heading parted from its next line by a page end. */
function judgePage(report, fail, layoutProblem = fail, size = '') {
    const where = `section ${report.index} ("${report.title.slice(0, 40)}")${size}`
    for (const error of report.errors) fail(`${where}: script error: ${error}`)
    if (report.fonts.length !== report.declaredFonts)
        fail(`${where}: the stylesheets declare ${report.declaredFonts} font face(s), the document has ${report.fonts.length}`)
    for (const face of report.fonts)
        if (face.status !== 'loaded') fail(`${where}: font ${face.family} ${face.weight} ${face.style} is ${face.status}`)
    for (const wide of report.tooWide) layoutProblem(`${where}: wider than the column: ${wide}`)
    for (const split of report.splitHeadings) layoutProblem(`${where}: heading split from its text: ${split}`)
}

/** Every noteref pops up, as a note, with the text of the element it points to. */
function judgeNotes(index, popped, fail) {
    for (const error of popped.errors) fail(`section ${index} notes: script error: ${error}`)
    for (const note of popped.results) {
        const which = `section ${index}: note ${note.ref} (${note.href})`
        if (!note.popped) fail(`${which}: foliate-js does not take it for a note reference`)
        else if (!NOTE_TYPES.includes(note.type)) fail(`${which}: pops up as ${note.type}, not as a note`)
        else if (!note.expected) fail(`${which}: its target has no text`)
        else if (note.shown !== note.expected) fail(`${which}: the pop-up shows "${note.shown}", the note says "${note.expected}"`)
    }
}

/** Runs every book through `launch()`'s page; prints one line per book and exits. */
export async function main(engine, launch) {
    const options = parseArguments(process.argv.slice(2))
    const books = new Map(options.books.map(file => [basename(file), resolve(file)]))
    const shots = join(options.artifacts, engine)
    mkdirSync(shots, { recursive: true })
    const server = await serve(books)
    const base = `http://127.0.0.1:${server.address().port}`
    const started = Date.now()
    const page = await launch(VIEWPORT)
    let failed = 0
    try {
        for (const file of options.books) {
            const name = basename(file, '.epub')
            const bookStarted = Date.now()
            let result
            try {
                result = await checkBook(page, `${base}/harness.html`, name, options.rtl.has(name), shots)
            } catch (error) {
                result = { failures: [`the check itself failed: ${error?.stack ?? error}`], warnings: [], summary: '' }
            }
            const seconds = ((Date.now() - bookStarted) / 1000).toFixed(1)
            const verdict = result.failures.length === 0 ? 'PASS' : 'FAIL'
            console.log(`${verdict}  ${engine}  ${name}: ${result.summary} (${seconds} s)`)
            for (const failure of result.failures) console.log(`    ${failure}`)
            for (const warning of result.warnings ?? []) console.log(`    warning: ${warning}`)
            if (result.failures.length > 0) failed++
        }
    } finally {
        await page.close()
        server.close()
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    console.log(`${engine}: ${options.books.length - failed} of ${options.books.length} books passed in ${seconds} s; screenshots in ${shots}`)
    process.exit(failed === 0 ? 0 : 1)
}
