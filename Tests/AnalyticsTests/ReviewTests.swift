import Foundation
import FunnelTestSupport
import ShellEngine
import StageKit
import Testing

/// `review run` on the hand-made history: findings, Markdown, and the HTML page rendered by a real
/// headless Chromium.
@Suite struct ReviewTests {
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("funnel-review-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func findingsNameTheBottlenecksWeakSegmentsReceivablesAndService() throws {
        let shell = try History.shell()
        let findings = try shell.rows("review run --period 2026-01")
        let text = findings.map { ($0["section"]?.plainText ?? "") + ": " + ($0["finding"]?.plainText ?? "") }
        // January: D-3 lost (01-15); D-1 won and D-2 lost close in February.
        #expect(text.first == "outcomes: Win rate was 0% in 2026-01 (won / (won + lost)).")
        // January's invoices only: INV-3 (500 of 1,000 still owed, overdue) and INV-4 (paid a day early).
        #expect(text.contains("receivables: 1 invoice is overdue, 500.00 CNY in all; the one settled invoice was paid on time (CNY)."))
        #expect(text.contains("service: No service tickets were opened."))
        // Stays entered in January: negotiate's one (D-1, 12 days) is the longest median; December had none.
        #expect(text.contains("bottlenecks: Deals wait longest in negotiate: median 12 days, 90% within 12."))
        #expect(text.contains("bottlenecks: Most deals are lost in recommend: 50% of the 2 that entered it."))
        let february = try shell.rows("review run --period 2026-02").map { $0["finding"]?.plainText ?? "" }
        #expect(february.first == "Win rate was 50% in 2026-02, up 50 points from 0% in 2026-01 (won / (won + lost)).")
        #expect(shell.failure(of: "review run --period Q3")?.description.contains("\"Q3\" is not a period") == true)
    }

    @Test func writesMarkdownAndRefusesToOverwriteWithoutForce() throws {
        let shell = try History.shell()
        let folder = try temporaryDirectory()
        let path = folder + "/review.md"
        #expect(try shell.run("review run --period 2026-Q1 --markdown \(path) | count") == "wrote \(path)\n6\n")
        let markdown = try String(contentsOfFile: path, encoding: .utf8)
        #expect(markdown.hasPrefix("# Process review: 2026-Q1"))
        // D-5 was won without a close date: it belongs to no period.
        #expect(markdown.contains("| deals won | 1 | 0 |"))
        #expect(markdown.contains("| win rate % | 33.3 | – |"))
        #expect(markdown.contains("## Time in stage"))
        let failure = try #require(shell.failure(of: "review run --period 2026-Q1 --markdown \(path)"))
        #expect(failure.description.contains("exists"))
        #expect(try shell.run("review run --period 2026-Q1 --markdown \(path) --force | count").contains("wrote \(path)"))
    }

    /// The review reads both periods' stays in one pass; its norm must equal January's own report.
    @Test func timeInStageIsComparedWithThePreviousPeriod() throws {
        let shell = try History.shell()
        let january = try shell.rows("report stages --period 2026-01")
        #expect(january.map { $0["median days"]?.plainText ?? "" } == ["4", "10.5", "12"])
        let path = try temporaryDirectory() + "/february.md"
        _ = try shell.run("review run --period 2026-02 --markdown \(path)")
        let markdown = try String(contentsOfFile: path, encoding: .utf8)
        // February: D-6 spent 4 days in recommend (January's median 10.5), is still in negotiate
        // (January's 12), and D-1 spent 4 days in sign (no January stay to compare).
        #expect(markdown.contains("| recommend | 1 | 0 | 4 | 4 | 4 | 10.5 | 0 | 0 |"))
        #expect(markdown.contains("| negotiate | 1 | 1 | – | – | – | 12 | 0 | 0 |"))
        #expect(markdown.contains("| sign | 1 | 0 | 4 | 4 | 4 | – | 0 | 0 |"))
    }

    @Test func theHTMLPageRendersInHeadlessChromium() throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let browser = try #require(chromium, "headless Chromium is needed (scripts/setup installs Debian's chromium)")
        let shell = try History.shell()
        let folder = try temporaryDirectory()
        let page = folder + "/review.html"
        _ = try shell.run("review run --period 2026-Q1 --html \(page)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count == 7)  // only the six SVG namespaces
        #expect(!html.contains("<script"))

        // The DOM Chromium built: every chart and table is there.
        let dom = try run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + page])
        for id in ["funnel-chart", "stage-chart", "winrate-chart", "aging-chart", "findings", "figures", "funnel", "stages", "receivables",
                   "paid-chart", "paid-history", "lifecycle-diagram", "actions"] {
            #expect(dom.contains("id=\"\(id)\""), "missing #\(id)")
        }
        // Seven funnel rows, four stages, two owners with deals in Q1 (D-5 has no close date), five aging
        // buckets, five days-late buckets.
        #expect(dom.components(separatedBy: "class=\"bar\"").count - 1 == 7 + 4 + 2 + 5 + 5)

        // The screenshot: the funnel's blue, the stage chart's orange, the aging chart's red and the
        // days-late chart's purple (INV-4 on time, INV-1 4 days late) are painted.
        let shot = folder + "/review.png"
        _ = try run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,5000",
                              "--screenshot=" + shot, "file://" + page])
        // The flowchart's boxes are filled light blue.
        let counts = try run("/usr/bin/env", ["python3", "-c", PNGColors.script, shot, "2b6cb0", "dd6b20", "c53030", "38a169", "805ad5", "ebf4ff"])
            .split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(counts.count == 6)
        #expect(counts.allSatisfy { $0 > 500 }, "pixels of each chart colour: \(counts)")
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// Counts the pixels of given colours in a PNG, with Python's standard library only.
enum PNGColors {
    static let script = #"""
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n'
pos, idat, width, height, ctype = 8, b'', 0, 0, 0
while pos < len(data):
    length, kind = struct.unpack('>I4s', data[pos:pos + 8]); chunk = data[pos + 8:pos + 8 + length]; pos += 12 + length
    if kind == b'IHDR': width, height, depth, ctype = struct.unpack('>IIBB', chunk[:10])
    elif kind == b'IDAT': idat += chunk
raw = zlib.decompress(idat); bpp = {2: 3, 6: 4}[ctype]; stride = width * bpp
prev = bytearray(stride); rows = []; i = 0
for _ in range(height):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0; b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line)); prev = line
wanted = [bytes.fromhex(h) for h in sys.argv[2:]]
counts = [0] * len(wanted)
for line in rows:
    for x in range(0, stride, bpp):
        px = line[x:x + 3]
        for k, w in enumerate(wanted):
            if px == w: counts[k] += 1
print(' '.join(map(str, counts)))
"""#
}
