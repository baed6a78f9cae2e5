import FunnelModel
import StageKit

/// How every edit command (`lead edit`, `deal edit`, `need edit`, `product edit`) reports itself:
/// `D-1 unchanged`, `would change D-1: value: 5,000.00 CNY` for a dry run, `D-1 changed: ...`.
public enum EditReport {
    /// `title: New, value: 5,000.00 CNY`: each changed field with its new value.
    public static func summary(_ changes: [(String, Value)]) -> String {
        changes.map { "\($0.0): \($0.1.plainText)" }.joined(separator: ", ")
    }

    /// Says that nothing changed (`summary` empty) or what a dry run would change, and returns false;
    /// true when the edit should be made, after which `done` says so.
    public static func proceeds(_ subject: String, summary: String, dryRun: Bool, output: any OutputSink) -> Bool {
        if summary.isEmpty {
            output.line("\(subject) unchanged")
            return false
        }
        if dryRun {
            output.line("would change \(subject): \(summary)")
            return false
        }
        return true
    }

    public static func done(_ subject: String, summary: String, output: any OutputSink) {
        output.line("\(subject) changed: \(summary)")
    }
}
