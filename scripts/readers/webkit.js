// The reading-system test in WebKitGTK (the engine family of Apple Books and Kobo's kepub
// renderer): Debian's WebKitWebDriver and MiniBrowser, driven by selenium-webdriver. It needs a
// display: run it under `xvfb-run`. See check.js for what is checked and how to call it;
// MINIBROWSER names another browser binary.

import { Builder } from 'selenium-webdriver'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { writeFile } from 'node:fs/promises'
import { main } from './check.js'

const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'

/** How long the driver may take to start, and one call into the page to answer. */
const DRIVER_START_MS = 20_000
const CALL_TIMEOUT_MS = 60_000

/** A port nobody listens on now. */
const freePort = () => new Promise(done => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address()
        probe.close(() => done(port))
    })
})

/** Starts WebKitWebDriver and waits until it answers. */
async function startDriver() {
    const port = await freePort()
    const process_ = spawn('WebKitWebDriver', [`--port=${port}`], { stdio: 'ignore' })
    const url = `http://127.0.0.1:${port}`
    const deadline = Date.now() + DRIVER_START_MS
    while (Date.now() < deadline) {
        try {
            if ((await fetch(`${url}/status`)).ok) return { url, process: process_ }
        } catch { /* not listening yet */ }
        await new Promise(resolve => setTimeout(resolve, 100))
    }
    process_.kill()
    throw new Error(`WebKitWebDriver did not start within ${DRIVER_START_MS} ms`)
}

await main('webkit', async viewport => {
    const server = await startDriver()
    const driver = await new Builder()
        .usingServer(server.url)
        .withCapabilities({
            browserName: 'MiniBrowser',
            'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        })
        .build()
    await driver.manage().setTimeouts({ script: CALL_TIMEOUT_MS, pageLoad: CALL_TIMEOUT_MS })
    await driver.manage().window().setRect(viewport)
    return {
        load: async url => {
            await driver.get(url)
            await driver.wait(() => driver.executeScript('return Boolean(window.folio && window.folio.ready)'), CALL_TIMEOUT_MS)
        },
        call: async (name, args) => {
            // The answer comes back through the callback Selenium appends to the arguments.
            const answer = await driver.executeAsyncScript(
                `const done = arguments[arguments.length - 1]
                 window.folio.call(arguments[0], arguments[1])
                     .then(value => done({ value }), error => done({ error: String(error && error.stack || error) }))`,
                name, args)
            if (answer.error) throw new Error(answer.error)
            return answer.value
        },
        screenshot: async file => writeFile(file, await driver.takeScreenshot(), 'base64'),
        close: async () => {
            await driver.quit()
            server.process.kill()
        },
    }
})
