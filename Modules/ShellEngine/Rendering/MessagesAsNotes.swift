import StageKit

/// A command's output when results are printed as JSON or CSV: its lines ("L-1 added", "would delete
/// …") go to standard error with the notes, so standard output holds only what a program parses.
final class MessagesAsNotes: OutputSink {
    private let base: any OutputSink

    init(_ base: any OutputSink) { self.base = base }

    func line(_ text: String) { base.note(text) }
    func note(_ text: String) { base.note(text) }
    func progress(_ fraction: Double, _ label: String) { base.progress(fraction, label) }
    var terminalWidth: Int? { base.terminalWidth }
}
