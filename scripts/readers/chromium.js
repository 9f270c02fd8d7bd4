// The reading-system test in Chromium (the engine of Thorium, Google Play Books and Calibre's
// viewer): Debian's chromium, headless, driven by puppeteer-core. See check.js for what is
// checked and how to call it; CHROMIUM names another browser binary.

import puppeteer from 'puppeteer-core'
import { writeFile } from 'node:fs/promises'
import { main } from './check.js'

/** A quiet, offline browser: no GPU, no updates, no sync, nothing fetched in the background. */
const FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run',
]

/** How long one call into the page may take before the book fails. */
const CALL_TIMEOUT_MS = 60_000

await main('chromium', async viewport => {
    const browser = await puppeteer.launch({
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        headless: true,
        args: FLAGS,
    })
    const page = await browser.newPage()
    page.setDefaultTimeout(CALL_TIMEOUT_MS)
    await page.setViewport(viewport)
    return {
        load: async url => {
            await page.goto(url)
            await page.waitForFunction(() => window.folio?.ready)
        },
        call: (name, args) => page.evaluate((n, a) => window.folio.call(n, a), name, args),
        screenshot: async file => writeFile(file, await page.screenshot()),
        close: () => browser.close(),
    }
})
