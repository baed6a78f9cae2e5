#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import StageKit

/// Bar charts drawn with Unicode blocks (eighths of a cell), sized to the terminal: labels on the
/// left, the bar, then the figure. A funnel is the same bars centred.
enum BarChart {
    struct Bar {
        let label: String
        let value: Int64
        /// What is printed after the bar, e.g. `412` or `62.5%`.
        let figure: String
    }

    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// The width charts use: the terminal's, else `COLUMNS`, else 80; never below 30.
    static func width(_ output: any OutputSink) -> Int {
        let columns = output.terminalWidth ?? ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) } ?? 80
        return max(30, min(columns, 400))
    }

    static func render(_ bars: [Bar], width: Int, title: String, centered: Bool = false) -> String {
        let labelWidth = min(24, bars.map { Self.columns($0.label) }.max() ?? 0)
        let figureWidth = bars.map { Self.columns($0.figure) }.max() ?? 0
        let room = max(5, width - labelWidth - figureWidth - 3)
        let largest = bars.map(\.value).max() ?? 0
        var lines = [title]
        for bar in bars {
            // Bar length in eighths of a cell, exact integer arithmetic.
            let eighthsLong = largest <= 0 ? 0 : Int(Int128(max(0, bar.value)) * Int128(room * 8) / Int128(largest))
            var body = String(repeating: "█", count: eighthsLong / 8) + eighths[eighthsLong % 8]
            if bar.value > 0, body.isEmpty { body = "▏" }
            let drawn = (eighthsLong + 7) / 8
            if centered {
                let margin = (room - drawn) / 2
                body = String(repeating: " ", count: margin) + body + String(repeating: " ", count: room - drawn - margin)
            } else {
                body += String(repeating: " ", count: max(0, room - drawn))
            }
            lines.append(pad(bar.label, labelWidth) + " " + body + " " + bar.figure)
        }
        return lines.joined(separator: "\n")
    }

    /// Terminal columns of a text: East Asian wide characters take two.
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { count, scalar in
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) || (0xAC00...0xD7A3).contains(value)
                || (0xF900...0xFAFF).contains(value) || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value)
            return count + (wide ? 2 : 1)
        }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        var text = text
        while columns(text) > width, !text.isEmpty { text.removeLast() }
        return text + String(repeating: " ", count: max(0, width - columns(text)))
    }
}
