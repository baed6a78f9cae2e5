#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import FunnelModel
import ShellSyntax
import StageHost
import StageKit
import StageSupport

/// `stage diagram [--period P] [--mermaid | --svg]`: the lifecycle as configured now, as a flowchart:
/// boxes and arrows in the terminal, Mermaid text or an SVG image (`| save FILE`).
enum StageDiagramCommand {
    static func make(registry: StageRegistry) -> EngineCommand {
        EngineCommand(CommandSignature(
            "stage diagram",
            summary: "Draw the lifecycle as configured now as a flowchart; with --period, how many took each arrow.",
            flags: [
                Flag("period", .string, "Count the period's leads, deals and invoices on the arrows: 2026, 2026-H1, 2026-Q3, 2026-07."),
                Flag("mermaid", .bool, "Mermaid flowchart text instead of boxes in the terminal."),
                Flag("svg", .bool, "One SVG image instead of boxes in the terminal."),
            ],
            output: .any,
            examples: [
                Example("stage diagram", "The stages in order, their implementations, gates and exits."),
                Example("stage diagram --period 2026-Q1 --mermaid | save lifecycle.mmd --force", "The first quarter's flow as Mermaid text."),
            ])) { [registry] invocation, context in
            var period: (start: Date, end: Date, label: String)?
            if let text = invocation.string("period") {
                guard let parsed = PeriodText.parse(text) else {
                    throw CommandError("\"\(text)\" is not a period", argument: "period", hint: PeriodText.hint)
                }
                period = parsed
            }
            if invocation.flag("mermaid"), invocation.flag("svg") {
                throw CommandError("give --mermaid or --svg, not both", argument: "svg")
            }
            var implementations: [String: String] = [:]
            for slot in registry.slots {
                if let active = registry.activeStage(of: slot) { implementations[slot.rawValue] = active.descriptor.implementation }
            }
            let diagram = try LifecycleDiagram.build(slots: registry.slots, implementations: implementations, period: period,
                                                     in: try context.stageContext().database)
            if invocation.flag("mermaid") { return .string(diagram.mermaid) }
            if invocation.flag("svg") { return .string(diagram.svg + "\n") }
            return .string(DiagramText.render(diagram))
        }
    }
}

/// A lifecycle diagram in the terminal: boxes in Unicode box drawing, top to bottom, the arrows between
/// them labelled, each box's exits to its right; widths in display columns, so Chinese names line up.
enum DiagramText {
    static func render(_ diagram: LifecycleDiagram) -> String {
        let flowing = diagram.boxes.filter { $0.lane != .measure }
        let contents = flowing.map { box in
            [box.name + (box.implementation.map { " (\($0))" } ?? "")] + (box.gate.map { ["gate: " + $0] } ?? [])
        }
        let inner = max(24, contents.flatMap { $0 }.map(DisplayWidth.of).max() ?? 0)
        let middle = String(repeating: " ", count: (inner + 2) / 2)
        var lines: [String] = diagram.period.map { ["Flow in \($0):", ""] } ?? []
        var lane: LifecycleDiagram.Lane?
        for (index, box) in flowing.enumerated() {
            if box.lane != lane {
                lane = box.lane
                lines.append("── \(box.lane.rawValue) " + String(repeating: "─", count: max(0, inner - DisplayWidth.of(box.lane.rawValue))))
            }
            var boxLines = ["┌" + String(repeating: "─", count: inner + 2) + "┐"]
            boxLines += contents[index].map { "│ " + pad($0, inner) + " │" }
            boxLines.append("└" + String(repeating: "─", count: inner + 2) + "┘")
            let exits = diagram.exits.filter { $0.from == box.name }
            while boxLines.count < exits.count + 1 { boxLines.append(String(repeating: " ", count: inner + 4)) }
            for (row, exit) in exits.enumerated() {
                boxLines[row + 1] += " ╌╌▶ " + exit.to + (exit.text.isEmpty ? "" : ": " + exit.text)
            }
            lines += boxLines
            guard index < flowing.count - 1 else { continue }
            let next = flowing[index + 1]
            let arrow = diagram.arrows.first { $0.from == box.name && $0.to == next.name }
            lines.append(middle + "│" + (arrow.map { $0.text.isEmpty ? "" : " " + $0.text } ?? ""))
            lines.append(middle + "▼")
        }
        for arrow in diagram.arrows {
            guard let from = flowing.firstIndex(where: { $0.name == arrow.from }), let to = flowing.firstIndex(where: { $0.name == arrow.to }),
                  to < from else { continue }
            lines.append("↺ \(arrow.from) → \(arrow.to)" + (arrow.text.isEmpty ? "" : ": " + arrow.text))
        }
        let measuring = diagram.boxes.filter { $0.lane == .measure }.map { $0.name + ($0.implementation.map { " (\($0))" } ?? "") }
        if !measuring.isEmpty { lines.append("measured and reviewed by: " + measuring.joined(separator: ", ")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` followed by spaces up to `width` display columns.
    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }
}
