#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import StageKit
import StageSupport

/// A review written for people: Markdown, or one self-contained HTML page whose charts are inline SVG
/// (no scripts, no fonts or images fetched: it opens in any browser offline).
enum ReviewDocument {
    static func markdown(_ review: Review) -> String {
        var out = ["# Process review: \(review.period.label)", "",
                   "Generated \(Day.format(review.generated)) by Funnel. Win rate = won / (won + lost).", "", "## Findings", ""]
        out += review.findings.map { "- **\($0.section)**: \($0.text)" }
        if let diagram = review.diagram {
            out += ["", "## The process", "", "```mermaid"] + diagram.mermaid.split(separator: "\n").map(String.init) + ["```"]
        }
        out += ["", "## Figures", "", "| figure | \(review.period.label) | \(review.previous?.label ?? "previous") |", "|---|---:|---:|"]
        out += review.figures.map { "| \($0.name) | \($0.current.reviewText) | \($0.previous.reviewText) |" }
        out += ["", "## Funnel", ""] + table(review.funnel)
        out += ["", "## Time in stage", ""] + table(review.stages)
        out += ["", "## Win rate by owner", ""] + table(review.winByOwner)
        if !review.worstSegments.isEmpty {
            out += ["", "## Worst-converting segments", "", "| segment | win rate % | closed deals |", "|---|---:|---:|"]
            out += review.worstSegments.map { "| \($0.kind) \(cell($0.name)) | \($0.winRate.plainText) | \($0.closed) |" }
        }
        out += ["", "## Receivables", ""] + table(review.receivables)
        out += ["", "Settled invoices by days late at settlement:", ""] + table(review.paidHistory)
        out += ["", "Aging of open balances: " + review.aging.map { "\($0.name) \($0.amounts.reviewText)" }.joined(separator: " · ")]
        out += ["", "## Service", "", "Tickets opened: \(review.ticketsOpened) · resolved late: \(review.resolvedLate) · open past due now: \(review.overdueTickets)"]
        out += ["", "## Improvement actions", "", "Each action's figure in the period it came out of (`before`, `in`) and in \(review.period.label) (`now`).", ""]
            + table(review.actions)
        return out.joined(separator: "\n")
    }

    private static func cell(_ text: String) -> String { text.replacing("|", with: "\\|") }

    private static func table(_ table: Table) -> [String] {
        guard !table.rows.isEmpty else { return ["(none)"] }
        return ["| " + table.columns.map(cell).joined(separator: " | ") + " |", "|" + table.columns.map { _ in "---|" }.joined()]
            + table.rows.map { row in "| " + table.columns.map { cell(row[$0]?.reviewText ?? "") }.joined(separator: " | ") + " |" }
    }

    // MARK: - HTML

    static func html(_ review: Review) -> String {
        let title = "Process review: \(review.period.label)"
        var body = ["<h1>\(escape(title))</h1>",
                    "<p class=\"meta\">Generated \(Day.format(review.generated)) by Funnel. Win rate = won / (won + lost).</p>",
                    "<h2>Findings</h2>", "<ul id=\"findings\">"]
        body += review.findings.map { "<li><strong>\(escape($0.section))</strong>: \(escape($0.text))</li>" }
        body.append("</ul>")
        if let diagram = review.diagram { body += ["<h2>The process</h2>", diagram.svg] }
        body += ["<h2>Figures</h2>", "<table id=\"figures\"><tr><th>figure</th><th>\(escape(review.period.label))</th><th>\(escape(review.previous?.label ?? "previous"))</th></tr>"]
        body += review.figures.map { "<tr><td>\(escape($0.name))</td><td>\(escape($0.current.reviewText))</td><td>\(escape($0.previous.reviewText))</td></tr>" }
        body.append("</table>")

        let funnelBars = review.funnel.rows.map { row in
            SVGBars.Bar(label: row["stage"]?.plainText ?? "", value: Double(row["count"]?.intValue ?? 0), figure: row["count"]?.plainText ?? "0")
        }
        body += ["<h2>Funnel</h2>", SVGBars.render(funnelBars, id: "funnel-chart", title: "Leads and deals reaching each stage", color: "#2b6cb0", centered: true),
                 htmlTable(review.funnel, id: "funnel")]
        let stageBars = review.stages.rows.map { row in
            SVGBars.Bar(label: row["stage"]?.plainText ?? "", value: number(row["median days"]), figure: (row["median days"]?.reviewText ?? "–") + " d")
        }
        body += ["<h2>Time in stage</h2>", SVGBars.render(stageBars, id: "stage-chart", title: "Median days in each stage", color: "#dd6b20"),
                 htmlTable(review.stages, id: "stages")]
        let winBars = review.winByOwner.rows.map { row in
            SVGBars.Bar(label: row["owner"]?.plainText ?? "", value: number(row["win rate"]), figure: (row["win rate"]?.reviewText ?? "–") + "%")
        }
        body += ["<h2>Win rate by owner</h2>", SVGBars.render(winBars, id: "winrate-chart", title: "Win rate by owner", color: "#38a169", maximum: 100),
                 htmlTable(review.winByOwner, id: "winrate")]
        if !review.worstSegments.isEmpty {
            body += ["<h2>Worst-converting segments</h2>", "<ul id=\"segments\">"]
            body += review.worstSegments.map { "<li>\(escape($0.kind)) \(escape($0.name)): \(escape($0.winRate.plainText))% of \($0.closed) closed deals</li>" }
            body.append("</ul>")
        }
        let agingBars = review.aging.map { SVGBars.Bar(label: $0.name, value: Double($0.minor), figure: $0.amounts.reviewText) }
        body += ["<h2>Receivables</h2>", SVGBars.render(agingBars, id: "aging-chart", title: "Open balances by days overdue", color: "#c53030"),
                 htmlTable(review.receivables, id: "receivables")]
        let paidBars = ReceivablesReport.buckets.map { bucket in
            let count = review.paidHistory.rows.reduce(Int64(0)) { $0 + ($1[bucket.name]?.intValue ?? 0) }
            return SVGBars.Bar(label: bucket.name, value: Double(count), figure: "\(count)")
        }
        body += ["<h3>Settled invoices by days late at settlement</h3>",
                 SVGBars.render(paidBars, id: "paid-chart", title: "Settled invoices by days late", color: "#805ad5"),
                 htmlTable(review.paidHistory, id: "paid-history")]
        body += ["<h2>Service</h2>", "<p id=\"service\">Tickets opened: \(review.ticketsOpened) · resolved late: \(review.resolvedLate) · open past due now: \(review.overdueTickets)</p>"]
        body += ["<h2>Improvement actions</h2>", htmlTable(review.actions, id: "actions")]
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #1a202c; }
            table { border-collapse: collapse; margin: 1em 0; } td, th { border: 1px solid #cbd5e0; padding: .25em .6em; text-align: right; }
            td:first-child, th:first-child { text-align: left; } .meta { color: #4a5568; } svg { display: block; margin: 1em 0; }
            </style></head>
            <body>
            \(body.joined(separator: "\n"))
            </body></html>
            """
    }

    private static func number(_ value: Value?) -> Double {
        Figures.number(value ?? .null).doubleValue
    }

    private static func htmlTable(_ table: Table, id: String) -> String {
        guard !table.rows.isEmpty else { return "<p id=\"\(id)\">(none)</p>" }
        var html = "<table id=\"\(id)\"><tr>" + table.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for row in table.rows {
            html += "<tr>" + table.columns.map { "<td>\(escape(row[$0]?.reviewText ?? ""))</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// Horizontal bar charts as inline SVG. Only positions are drawn from floating point (pixels), never figures.
enum SVGBars {
    struct Bar {
        let label: String
        let value: Double
        let figure: String
    }

    static func render(_ bars: [Bar], id: String, title: String, color: String, centered: Bool = false, maximum: Double? = nil) -> String {
        let width = 640.0, labelWidth = 140.0, figureWidth = 120.0, rowHeight = 26.0, top = 28.0
        let room = width - labelWidth - figureWidth
        let largest = maximum ?? max(bars.map(\.value).max() ?? 0, 0)
        let height = top + rowHeight * Double(max(bars.count, 1)) + 8
        var svg = "<svg id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"\(ReviewDocument.escape(title))\">"
        svg += "<text x=\"0\" y=\"18\" font-size=\"14\" font-weight=\"bold\">\(ReviewDocument.escape(title))</text>"
        if bars.isEmpty { svg += "<text x=\"0\" y=\"\(Int(top + 18))\" font-size=\"12\">no data</text>" }
        for (index, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(index)
            let length = largest > 0 ? room * max(0, bar.value) / largest : 0
            let x = labelWidth + (centered ? (room - length) / 2 : 0)
            svg += "<text x=\"0\" y=\"\(format(y + 17))\" font-size=\"12\">\(ReviewDocument.escape(bar.label))</text>"
            svg += "<rect class=\"bar\" x=\"\(format(x))\" y=\"\(format(y + 4))\" width=\"\(format(length))\" height=\"\(format(rowHeight - 8))\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(format(labelWidth + room + 6))\" y=\"\(format(y + 17))\" font-size=\"12\">\(ReviewDocument.escape(bar.figure))</text>"
        }
        return svg + "</svg>"
    }

    private static func format(_ value: Double) -> String { PrintfFormat.string("%.1f", value) }
}
