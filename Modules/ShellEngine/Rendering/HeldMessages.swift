import StageKit

/// Commands' lines held back while a `try` body runs: shown when the body succeeds, dropped when it
/// fails and what the commands did is rolled back (so no "L-1 added" for a lead that is not there).
/// Progress passes straight through.
final class HeldMessages: OutputSink {
    private let base: any OutputSink
    private var held: [(isNote: Bool, text: String)] = []

    init(_ base: any OutputSink) { self.base = base }

    func line(_ text: String) { held.append((false, text)) }
    func note(_ text: String) { held.append((true, text)) }
    func progress(_ fraction: Double, _ label: String) { base.progress(fraction, label) }
    var terminalWidth: Int? { base.terminalWidth }

    /// Passes the held lines on, in order.
    func release() {
        for (isNote, text) in held {
            if isNote { base.note(text) } else { base.line(text) }
        }
        held.removeAll()
    }
}
